// The FRI part of a proof: one Merkle root per committed layer, the remainder polynomial's
// coefficients, and for each layer the opened leaves (all siblings of a fold) with batched paths.
using ProverSim.Grains.Proving.Core;

namespace ProverSim.Grains.Proving.Fri;

public sealed class FriProof
{
    public required byte[][] LayerRoots { get; init; }

    public required Field.Fp2[] Remainder { get; init; }

    /// <summary>Per layer, per opened leaf (in increasing leaf index), the folding-factor sibling values.</summary>
    public required Field.Fp2[][][] LayerLeaves { get; init; }

    /// <summary>Per layer, the batched Merkle nodes for the opened leaves.</summary>
    public required byte[][][] LayerNodes { get; init; }
}

/// <summary>How many layers FRI commits and the remainder's length, from the degree bound alone.</summary>
public static class FriShape
{
    public static (int Layers, int RemainderLength) Of(int degreeBound, StarkOptions options)
    {
        var layers = 0;
        var bound = degreeBound;
        while (bound > options.RemainderDegreeBound)
        {
            bound /= options.FoldingFactor;
            layers++;
        }

        return (layers, Math.Max(bound, 1));
    }
}
