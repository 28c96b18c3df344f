// The evaluation domains of a proof (KERNEL.md §2): the trace domain ⟨g⟩ of size H, and the LDE
// domain, the coset 7·⟨w⟩ of size N = H·blowup, whose vectors are stored in bit-reversed order:
// entry i holds the value at 7·w^bitrev(i). Its first 4H entries are then the coset 7·⟨w^(N/4H)⟩
// (the constraint domain), and the FRI siblings of a fold sit next to each other.
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Ntt;

namespace ProverSim.Grains.Proving.Stark;

public sealed class Domain
{
    public Domain(int height, int blowup)
    {
        Height = height;
        Blowup = blowup;
        Size = height * blowup;
        LogSize = System.Numerics.BitOperations.Log2((uint)Size);
        LogHeight = System.Numerics.BitOperations.Log2((uint)height);
        TraceGenerator = Goldilocks.RootOfUnity(LogHeight);
        Root = Goldilocks.RootOfUnity(LogSize);
    }

    public const ulong Shift = Goldilocks.Generator;

    // Domains up to this many points are kept for every later proof of their shape (≤ 512 KB of points
    // each); larger ones, rare and costly to keep, are built per proof.
    private const int SharedMaxSize = 1 << 16;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Height, int Blowup), Domain> Shared = new();

    /// <summary>The domain of this shape; a small one is shared by every proof of it (its points computed once).</summary>
    public static Domain For(int height, int blowup) =>
        (long)height * blowup <= SharedMaxSize
            ? Shared.GetOrAdd((height, blowup), key => new Domain(key.Height, key.Blowup))
            : new Domain(height, blowup);

    public int Height { get; }

    public int LogHeight { get; }

    public int Blowup { get; }

    /// <summary>N = H · blowup.</summary>
    public int Size { get; }

    public int LogSize { get; }

    /// <summary>g, of order H.</summary>
    public ulong TraceGenerator { get; }

    /// <summary>w, of order N.</summary>
    public ulong Root { get; }

    /// <summary>The point of LDE entry <paramref name="index"/>: 7·w^bitrev(index).</summary>
    public ulong Point(int index) => Goldilocks.Mul(Shift, Goldilocks.Pow(Root, (ulong)BitReverse.Index(index, LogSize)));

    private ulong[]? _points;

    /// <summary>Every LDE point, in storage (bit-reversed) order; computed once per domain (do not modify).</summary>
    public ulong[] Points() => _points ??= ComputePoints();

    private ulong[] ComputePoints()
    {
        var natural = new ulong[Size];
        var x = Shift;
        for (var e = 0; e < Size; e++)
        {
            natural[e] = x;
            x = Goldilocks.Mul(x, Root);
        }

        BitReverse.Permute<ulong>(natural);
        return natural;
    }

    /// <summary>The storage index of the point g·x, for x the point of <paramref name="index"/> (a next-row shift).</summary>
    public int NextIndex(int index) => BitReverse.Index((BitReverse.Index(index, LogSize) + Blowup) & (Size - 1), LogSize);

    /// <summary>g^row.</summary>
    public ulong TracePoint(long row) => Goldilocks.Pow(TraceGenerator, (ulong)row);
}
