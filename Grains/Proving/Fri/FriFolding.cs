// One FRI fold by a factor 2^t (KERNEL.md §5 step 7), as t binary folds with challenges α, α², α⁴…:
// for the pair of points x and −x, f'(x²) = (f(x) + f(−x))/2 + β·(f(x) − f(−x))/(2x). In bit-reversed
// storage the pair sits at positions 2m and 2m + 1, and the folded vector is again bit-reversed.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Ntt;

namespace ProverSim.Grains.Proving.Fri;

public static class FriFolding
{
    private static readonly ulong InverseTwo = Goldilocks.InverseOfPowerOfTwo(1);

    /// <summary>Folds a whole layer stored in bit-reversed order over shift·⟨w⟩ (|w| = values.Length).</summary>
    public static Fp2[] FoldLayer(Fp2[] values, ulong shift, Fp2 alpha, int folding)
    {
        var current = values;
        var beta = alpha;
        for (var step = 1; step < folding; step *= 2)
        {
            current = FoldOnce(current, shift, beta);
            shift = Goldilocks.Square(shift);
            beta = beta.Square();
        }

        return current;
    }

    // Layers up to this size keep their 1/(2x) tables for every later proof (≤ 256 KB each).
    private const int SharedTableMaxSize = 1 << 16;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Size, ulong Shift), ulong[]> Tables = new();

    private static Fp2[] FoldOnce(Fp2[] values, ulong shift, Fp2 beta)
    {
        var n = values.Length;
        var inverseTwoX = n <= SharedTableMaxSize
            ? Tables.GetOrAdd((n, shift), key => InverseTwoX(key.Size, key.Shift))
            : InverseTwoX(n, shift);
        var folded = new Fp2[n / 2];
        var m0 = 0;
        if (VectorPaths.Avx512)
        {
            m0 = FoldLanes8(values, inverseTwoX, beta, folded);
        }

        for (var m = m0; m < n / 2; m++)
        {
            var a = values[2 * m];
            var b = values[2 * m + 1];
            folded[m] = (a + b) * InverseTwo + beta * ((a - b) * inverseTwoX[m]);
        }

        return folded;
    }

    // The fold on eight pairs at once (AVX-512): the same field elements; returns where the scalar loop
    // takes over (the last pairs short of eight).
    private static int FoldLanes8(Fp2[] values, ulong[] inverseTwoX, Fp2 beta, Fp2[] folded)
    {
        var half = Fp8.Lift(InverseTwo);
        var b8 = Fp2x8.From(beta);
        var even = Vector512.Create(0UL, 2, 4, 6, 8, 10, 12, 14);
        var odd = Vector512.Create(1UL, 3, 5, 7, 9, 11, 13, 15);
        var pairs = folded.Length & ~7;
        for (var m = 0; m < pairs; m += 8)
        {
            // Pairs m … m + 7 are values 2m … 2m + 15: a at the even ones, b at the odd ones.
            var low = Fp2x8.Load(values.AsSpan(2 * m));
            var high = Fp2x8.Load(values.AsSpan((2 * m) + 8));
            var a = new Fp2x8(Avx512F.PermuteVar8x64x2(low.C0, even, high.C0), Avx512F.PermuteVar8x64x2(low.C1, even, high.C1));
            var b = new Fp2x8(Avx512F.PermuteVar8x64x2(low.C0, odd, high.C0), Avx512F.PermuteVar8x64x2(low.C1, odd, high.C1));
            var scale = new Fp8(Vector512.Create(inverseTwoX.AsSpan(m, 8)));
            (Fp8.Scale(a + b, half) + (b8 * Fp8.Scale(a - b, scale))).Store(folded.AsSpan(m));
        }

        return pairs;
    }

    // 1/(2x) at each even position 2m, for m < n/2: x_{2m} = shift·w^bitrev(2m), so 1/x = shift⁻¹·(w⁻¹)^bitrev(2m)
    // (bitrev of an even position is below n/2: half the powers).
    private static ulong[] InverseTwoX(int n, ulong shift)
    {
        var log = System.Numerics.BitOperations.Log2((uint)n);
        var inverseRoot = Goldilocks.Inverse(Goldilocks.RootOfUnity(log));
        var powers = new ulong[n / 2];
        powers[0] = Goldilocks.Mul(Goldilocks.Inverse(shift), InverseTwo);
        for (var e = 1; e < powers.Length; e++)
        {
            powers[e] = Goldilocks.Mul(powers[e - 1], inverseRoot);
        }

        var table = new ulong[n / 2];
        for (var m = 0; m < table.Length; m++)
        {
            table[m] = powers[BitReverse.Index(2 * m, log)];
        }

        return table;
    }

    /// <summary>
    /// Folds one leaf (the 2^t siblings at positions 2^t·k .. 2^t·k + 2^t − 1 of a layer of size n over
    /// shift·⟨w⟩) to the single value at position k of the next layer. The verifier's side of FoldLayer.
    /// </summary>
    public static Fp2 FoldLeaf(ReadOnlySpan<Fp2> leaf, int leafIndex, int layerSize, ulong shift, Fp2 alpha)
    {
        var log = System.Numerics.BitOperations.Log2((uint)layerSize);
        var root = Goldilocks.RootOfUnity(log);
        var current = leaf.ToArray();
        var points = new ulong[current.Length];
        for (var j = 0; j < points.Length; j++)
        {
            var index = leafIndex * leaf.Length + j;
            points[j] = Goldilocks.Mul(shift, Goldilocks.Pow(root, (ulong)BitReverse.Index(index, log)));
        }

        var beta = alpha;
        while (current.Length > 1)
        {
            var next = new Fp2[current.Length / 2];
            var nextPoints = new ulong[current.Length / 2];
            for (var m = 0; m < next.Length; m++)
            {
                var x = points[2 * m];
                var inverseTwoX = Goldilocks.Inverse(Goldilocks.Add(x, x));
                next[m] = (current[2 * m] + current[2 * m + 1]) * InverseTwo + beta * ((current[2 * m] - current[2 * m + 1]) * inverseTwoX);
                nextPoints[m] = Goldilocks.Square(x);
            }

            current = next;
            points = nextPoints;
            beta = beta.Square();
        }

        return current[0];
    }
}
