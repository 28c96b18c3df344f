// FRI verification (KERNEL.md §5, §10): the layer count and the remainder length come from the
// verifier's own degree bound; every opened leaf is checked against its layer root, each fold
// against the next layer's opened value, and the last fold against the remainder polynomial. The
// caller checks layer 0 against the values it recomputed itself (the DEEP values from trace rows).
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Merkle;
using ProverSim.Grains.Proving.Ntt;

namespace ProverSim.Grains.Proving.Fri;

public static class FriVerifier
{
    /// <summary>Replays the commit phase: absorbs each root, draws each folding challenge, absorbs the remainder.</summary>
    public static Fp2[]? ReadCommitments(FriProof proof, int degreeBound, StarkOptions options, Transcript transcript)
    {
        var (layers, remainderLength) = FriShape.Of(degreeBound, options);
        if (proof.LayerRoots.Length != layers || proof.Remainder.Length != remainderLength
            || proof.LayerLeaves.Length != layers || proof.LayerNodes.Length != layers)
        {
            return null;
        }

        var alphas = new Fp2[layers];
        for (var layer = 0; layer < layers; layer++)
        {
            transcript.Absorb(proof.LayerRoots[layer]);
            alphas[layer] = transcript.DrawExtension();
        }

        transcript.Absorb(proof.Remainder);
        return alphas;
    }

    /// <summary>
    /// Checks the query phase: <paramref name="values"/>[i] is the layer-0 value at <paramref name="positions"/>[i]
    /// (sorted, distinct) as the caller recomputed it. Returns null when all holds, else what failed.
    /// </summary>
    public static string? CheckQueries(
        FriProof proof, Fp2[] alphas, int[] positions, Fp2[] values, int domainSize, ulong shift, StarkOptions options)
    {
        var folding = options.FoldingFactor;
        var size = domainSize;
        var current = values;
        var indices = positions;
        for (var layer = 0; layer < alphas.Length; layer++)
        {
            var leafIndices = indices.Select(p => p / folding).Distinct().Order().ToArray();
            var leaves = proof.LayerLeaves[layer];
            if (leaves.Length != leafIndices.Length || leaves.Any(l => l.Length != folding))
            {
                return $"FRI layer {layer}: wrong number of opened leaves";
            }

            var depth = System.Numerics.BitOperations.Log2((uint)(size / folding));
            if (!MerkleTree.Verify(proof.LayerRoots[layer], depth, leafIndices, [.. leaves.Select(Encoding.ToBytes)], proof.LayerNodes[layer]))
            {
                return $"FRI layer {layer}: an opened leaf does not match the layer's root";
            }

            var byIndex = leafIndices.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
            for (var q = 0; q < indices.Length; q++)
            {
                if (leaves[byIndex[indices[q] / folding]][indices[q] % folding] != current[q])
                {
                    return $"FRI layer {layer}: the opened value at position {indices[q]} is not the one folded into it";
                }
            }

            current = [.. leafIndices.Select((k, i) => FriFolding.FoldLeaf(leaves[i], k, size, shift, alphas[layer]))];
            indices = leafIndices;
            size /= folding;
            for (var k = 1; k < folding; k *= 2)
            {
                shift = Goldilocks.Square(shift);
            }
        }

        var log = System.Numerics.BitOperations.Log2((uint)size);
        var root = Goldilocks.RootOfUnity(log);
        for (var q = 0; q < indices.Length; q++)
        {
            var x = Goldilocks.Mul(shift, Goldilocks.Pow(root, (ulong)BitReverse.Index(indices[q], log)));
            if (Polynomial.Evaluate(proof.Remainder, Fp2.FromBase(x)) != current[q])
            {
                return $"FRI remainder: the last fold at position {indices[q]} does not match the remainder polynomial";
            }
        }

        return null;
    }
}
