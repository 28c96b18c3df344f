// The bit-reversal index map (KERNEL.md §2): LDE vectors and FRI layers are stored in bit-reversed
// order, so the points that fold together in FRI are adjacent. This is the one place that map lives.
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProverSim.Grains.Proving.Ntt;

public static class BitReverse
{
    // Below this length a plain swap loop stays in cache; above it the tiled permutation is used.
    private const int TiledThresholdLog2 = 12;
    private const int TileLog2 = 3;

    /// <summary>i with its low log2n bits reversed (0 ≤ i &lt; 2^log2n, 0 ≤ log2n ≤ 31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(int i, int log2n)
    {
        if ((uint)log2n > 31 || (uint)i >= 1u << log2n)
        {
            throw new ArgumentOutOfRangeException(nameof(i), $"Index {i} is not in [0, 2^{log2n}).");
        }

        return log2n == 0 ? 0 : (int)(Reverse32((uint)i) >> (32 - log2n));
    }

    /// <summary>Reorders values in place so that values'[i] = values[Index(i, log2 n)]; the length must be a power of 2.</summary>
    public static void Permute<T>(Span<T> values)
    {
        var n = values.Length;
        if (n <= 2)
        {
            return;
        }

        if (!BitOperations.IsPow2(n))
        {
            throw new ArgumentException($"Length {n} is not a power of 2.", nameof(values));
        }

        var log2n = BitOperations.Log2((uint)n);
        if (log2n < TiledThresholdLog2)
        {
            PermuteSimple(values, log2n);
        }
        else
        {
            PermuteTiled(values, log2n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PermuteSimple<T>(Span<T> values, int log2n)
    {
        var shift = 32 - log2n;
        for (var i = 0; i < values.Length; i++)
        {
            var j = (int)(Reverse32((uint)i) >> shift);
            if (i < j)
            {
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }

    // Splits an index into (high 3 bits, middle, low 3 bits): reversing maps (a, m, b) to
    // (rev b, rev m, rev a). For each middle m ≤ rev m, the 8×8 tile of indices (a, m, b) and
    // the tile (a', rev m, b') exchange as a block, so every cache line touched is used 8 times.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PermuteTiled<T>(Span<T> values, int log2n)
    {
        const int tile = 1 << TileLog2;
        var middleBits = log2n - 2 * TileLog2;
        var middleCount = 1 << middleBits;
        var highShift = log2n - TileLog2;
        Span<int> reversed = stackalloc int[tile];
        for (var t = 0; t < tile; t++)
        {
            reversed[t] = (int)(Reverse32((uint)t) >> (32 - TileLog2));
        }

        for (var m = 0; m < middleCount; m++)
        {
            var mr = middleBits == 0 ? 0 : (int)(Reverse32((uint)m) >> (32 - middleBits));
            if (mr < m)
            {
                continue;
            }

            for (var a = 0; a < tile; a++)
            {
                var ra = reversed[a];
                for (var b = 0; b < tile; b++)
                {
                    var i = (a << highShift) | (m << TileLog2) | b;
                    var j = (reversed[b] << highShift) | (mr << TileLog2) | ra;
                    if (mr != m || i < j)
                    {
                        (values[i], values[j]) = (values[j], values[i]);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Reverse32(uint x)
    {
        x = ((x >> 1) & 0x5555_5555u) | ((x & 0x5555_5555u) << 1);
        x = ((x >> 2) & 0x3333_3333u) | ((x & 0x3333_3333u) << 2);
        x = ((x >> 4) & 0x0F0F_0F0Fu) | ((x & 0x0F0F_0F0Fu) << 4);
        return BinaryPrimitives.ReverseEndianness(x);
    }
}
