// FRI commit and query phases, prover side (KERNEL.md §5 step 7, 9): commit each layer (leaf = the
// folding-factor siblings), absorb its root, draw its folding challenge from F_p2, fold; stop when the
// degree bound reaches the remainder bound and send the remainder's coefficients.
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Merkle;

namespace ProverSim.Grains.Proving.Fri;

public sealed class FriProver
{
    private readonly List<Fp2[]> _layers = [];
    private readonly List<MerkleTree> _trees = [];
    private readonly int _folding;

    private FriProver(int folding) => _folding = folding;

    public Fp2[] Remainder { get; private set; } = [];

    /// <summary>Commits to <paramref name="codeword"/> (bit-reversed over shift·⟨w⟩), claimed of degree &lt; degreeBound.</summary>
    public static FriProver Commit(Fp2[] codeword, int degreeBound, ulong shift, StarkOptions options, Transcript transcript, ParallelOptions? parallel = null)
    {
        parallel ??= new ParallelOptions();
        var prover = new FriProver(options.FoldingFactor);
        var (layers, remainderLength) = FriShape.Of(degreeBound, options);
        var current = codeword;
        for (var layer = 0; layer < layers; layer++)
        {
            // A layer's leaves are its elements' little-endian words, which is how Fp2 lies in memory.
            var tree = BitConverter.IsLittleEndian
                ? MerkleTree.Build(System.Runtime.InteropServices.MemoryMarshal.AsBytes(current.AsSpan()), options.FoldingFactor * 16, parallel)
                : MerkleTree.Build(Encoding.ToBytes(current), 16 * current.Length, options.FoldingFactor * 16, parallel);
            prover._layers.Add(current);
            prover._trees.Add(tree);
            transcript.Absorb(tree.Root);
            var alpha = transcript.DrawExtension();
            current = FriFolding.FoldLayer(current, shift, alpha, options.FoldingFactor);
            for (var k = 0; k < System.Numerics.BitOperations.Log2((uint)options.FoldingFactor); k++)
            {
                shift = Goldilocks.Square(shift);
            }
        }

        var (c0, c1) = Polynomial.InterpolateCoset(current, shift);
        for (var i = remainderLength; i < c0.Length; i++)
        {
            if ((c0[i] | c1[i]) != 0)
            {
                throw new InvalidOperationException($"FRI remainder has degree ≥ {remainderLength}: the codeword is not of degree < {degreeBound}");
            }
        }

        prover.Remainder = [.. Enumerable.Range(0, remainderLength).Select(i => new Fp2(c0[i], c1[i]))];
        transcript.Absorb(prover.Remainder);
        return prover;
    }

    /// <summary>Opens every layer at the leaves the (layer-0) query positions lead to.</summary>
    public FriProof Open(IReadOnlyList<int> positions, byte[][] roots)
    {
        var leaves = new Fp2[_layers.Count][][];
        var nodes = new byte[_layers.Count][][];
        var indices = positions.ToArray();
        for (var layer = 0; layer < _layers.Count; layer++)
        {
            var leafIndices = indices.Select(p => p / _folding).Distinct().Order().ToArray();
            var values = _layers[layer];
            leaves[layer] = [.. leafIndices.Select(k => values.AsSpan(k * _folding, _folding).ToArray())];
            nodes[layer] = _trees[layer].Open(leafIndices);
            indices = leafIndices;
        }

        return new FriProof { LayerRoots = roots, Remainder = Remainder, LayerLeaves = leaves, LayerNodes = nodes };
    }

    public byte[][] Roots => [.. _trees.Select(t => t.Root)];
}
