// A proof of one VM run (KERNEL.md §5): the three trace commitments, the out-of-domain values, the FRI
// proof, the grinding nonce and the query openings with batched Merkle paths. Its byte format is
// versioned; the reader rejects values ≥ p, wrong lengths, unknown versions and trailing bytes.
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Fri;

namespace ProverSim.Grains.Proving.Stark;

public sealed class StarkProof
{
    public const byte Version = 1;

    public required byte[] MainRoot { get; init; }

    public required byte[] AuxRoot { get; init; }

    public required byte[] CompositionRoot { get; init; }

    /// <summary>Main columns at z, then at g·z (2 × 23).</summary>
    public required Fp2[] MainOod { get; init; }

    /// <summary>Auxiliary columns at z, then at g·z (2 × 6).</summary>
    public required Fp2[] AuxOod { get; init; }

    /// <summary>The composition columns H₀, H₁, H₂ at z.</summary>
    public required Fp2[] CompositionOod { get; init; }

    public required FriProof Fri { get; init; }

    public required ulong Nonce { get; init; }

    /// <summary>Per query position (sorted, distinct), the main LDE row.</summary>
    public required ulong[][] MainRows { get; init; }

    public required Fp2[][] AuxRows { get; init; }

    public required Fp2[][] CompositionRows { get; init; }

    public required byte[][] MainNodes { get; init; }

    public required byte[][] AuxNodes { get; init; }

    public required byte[][] CompositionNodes { get; init; }

    public byte[] ToBytes()
    {
        var w = new ProofWriter();
        w.Byte(Version);
        w.Hash(MainRoot);
        w.Hash(AuxRoot);
        w.Hash(CompositionRoot);
        w.Extensions(MainOod);
        w.Extensions(AuxOod);
        w.Extensions(CompositionOod);
        w.Count(Fri.LayerRoots.Length);
        foreach (var root in Fri.LayerRoots)
        {
            w.Hash(root);
        }

        w.Count(Fri.Remainder.Length);
        w.Extensions(Fri.Remainder);
        w.UInt64(Nonce);
        w.Count(MainRows.Length);
        for (var q = 0; q < MainRows.Length; q++)
        {
            w.Bases(MainRows[q]);
            w.Extensions(AuxRows[q]);
            w.Extensions(CompositionRows[q]);
        }

        w.Nodes(MainNodes);
        w.Nodes(AuxNodes);
        w.Nodes(CompositionNodes);
        for (var layer = 0; layer < Fri.LayerLeaves.Length; layer++)
        {
            w.Count(Fri.LayerLeaves[layer].Length);
            foreach (var leaf in Fri.LayerLeaves[layer])
            {
                w.Count(leaf.Length);
                w.Extensions(leaf);
            }

            w.Nodes(Fri.LayerNodes[layer]);
        }

        return w.ToArray();
    }

    /// <summary>Reads a proof; throws <see cref="FormatException"/> on any malformed input.</summary>
    public static StarkProof FromBytes(ReadOnlySpan<byte> bytes)
    {
        var r = new ProofReader(bytes.ToArray());
        if (r.Byte() != Version)
        {
            throw new FormatException("unknown proof version");
        }

        var mainRoot = r.Hash();
        var auxRoot = r.Hash();
        var compositionRoot = r.Hash();
        var mainOod = r.Extensions(2 * Air.Columns.Main);
        var auxOod = r.Extensions(2 * Air.Columns.Aux);
        var compositionOod = r.Extensions(3);
        var layerRoots = new byte[r.Count(64)][];
        for (var i = 0; i < layerRoots.Length; i++)
        {
            layerRoots[i] = r.Hash();
        }

        var remainder = r.Extensions(r.Count(1 << 12));
        var nonce = r.UInt64();
        var queries = r.Count(255);
        var mainRows = new ulong[queries][];
        var auxRows = new Fp2[queries][];
        var compositionRows = new Fp2[queries][];
        for (var q = 0; q < queries; q++)
        {
            mainRows[q] = r.Bases(Air.Columns.Main);
            auxRows[q] = r.Extensions(Air.Columns.Aux);
            compositionRows[q] = r.Extensions(3);
        }

        var mainNodes = r.Nodes();
        var auxNodes = r.Nodes();
        var compositionNodes = r.Nodes();
        var layerLeaves = new Fp2[layerRoots.Length][][];
        var layerNodes = new byte[layerRoots.Length][][];
        for (var layer = 0; layer < layerRoots.Length; layer++)
        {
            layerLeaves[layer] = new Fp2[r.Count(255)][];
            for (var k = 0; k < layerLeaves[layer].Length; k++)
            {
                layerLeaves[layer][k] = r.Extensions(r.Count(16));
            }

            layerNodes[layer] = r.Nodes();
        }

        r.End();
        return new StarkProof
        {
            MainRoot = mainRoot,
            AuxRoot = auxRoot,
            CompositionRoot = compositionRoot,
            MainOod = mainOod,
            AuxOod = auxOod,
            CompositionOod = compositionOod,
            Fri = new FriProof { LayerRoots = layerRoots, Remainder = remainder, LayerLeaves = layerLeaves, LayerNodes = layerNodes },
            Nonce = nonce,
            MainRows = mainRows,
            AuxRows = auxRows,
            CompositionRows = compositionRows,
            MainNodes = mainNodes,
            AuxNodes = auxNodes,
            CompositionNodes = compositionNodes,
        };
    }
}
