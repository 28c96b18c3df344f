// Number-theoretic transforms over Goldilocks (KERNEL.md §2, §7): evaluation of a polynomial on the
// subgroup ⟨r⟩ of order n (r = Goldilocks.RootOfUnity(log2 n)) and back, and on cosets shift·⟨r⟩.
// The core is a decimation-in-frequency (Gentleman–Sande) transform, natural order in, bit-reversed
// order out, run stage by stage over the whole array and then block by block once a block fits in
// L2. Each butterfly stage has a scalar, an AVX2 and an AVX-512 path; tests force each one.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ProverSim.Grains.Proving.Field;
using V256 = ProverSim.Grains.Proving.Field.Goldilocks.Lanes4;
using V512 = ProverSim.Grains.Proving.Field.Goldilocks.Lanes8;

namespace ProverSim.Grains.Proving.Ntt;

public static class Ntt
{
    public const int MaxLog2Size = 24;

    /// <summary>The instruction set a kernel runs on; public methods take the best one available.</summary>
    internal enum Path
    {
        Scalar,
        Avx2,
        Avx512,
    }

    // Stages whose butterfly blocks (2m elements) are at most this long run block by block, so
    // that all of a block's remaining stages stay in L2 (2^14 ulongs = 128 KB).
    private const int BlockLog2 = 14;

    internal static Path BestPath { get; } =
        Avx512F.IsSupported ? Path.Avx512 : Avx2.IsSupported ? Path.Avx2 : Path.Scalar;

    internal static IReadOnlyList<Path> SupportedPaths { get; } =
        new[] { Path.Scalar, Path.Avx2, Path.Avx512 }
            .Where(path => path switch { Path.Avx512 => Avx512F.IsSupported, Path.Avx2 => Avx2.IsSupported, _ => true })
            .ToArray();

    /// <summary>In place, natural order in and out: A_k = Σ a_i·r^(ik), r = RootOfUnity(log2 n).</summary>
    public static void Forward(Span<ulong> values) => Forward(values, BestPath);

    /// <summary>The inverse of <see cref="Forward(Span{ulong})"/>, including the 1/n scaling.</summary>
    public static void Inverse(Span<ulong> values) => Inverse(values, BestPath);

    /// <summary>Coefficients (natural order) → evaluations at shift·r^k, natural order.</summary>
    public static void CosetForward(Span<ulong> coefficients, ulong shift) => CosetForward(coefficients, shift, BestPath);

    /// <summary>Evaluations at shift·r^k (natural order) → coefficients; the inverse of <see cref="CosetForward(Span{ulong}, ulong)"/>.</summary>
    public static void CosetInverse(Span<ulong> evaluations, ulong shift) => CosetInverse(evaluations, shift, BestPath);

    /// <summary>Like <see cref="Forward(Span{ulong})"/> but leaves A in bit-reversed order: values[i] = A_(BitReverse.Index(i, log2 n)).</summary>
    public static void ForwardToBitReversed(Span<ulong> values) => ForwardToBitReversed(values, BestPath);

    internal static void Forward(Span<ulong> values, Path path)
    {
        ForwardToBitReversed(values, path);
        BitReverse.Permute(values);
    }

    internal static void ForwardToBitReversed(Span<ulong> values, Path path)
    {
        var log2n = CheckLength(values.Length);
        if (log2n == 0)
        {
            return;
        }

        var twiddles = Twiddles.Get(log2n);
        var n = values.Length;
        var m = n / 2;
        for (; m >= 1 << BlockLog2; m >>= 1)
        {
            Stage(values, m, twiddles, path);
        }

        var blockLength = 2 * m;
        for (var start = 0; start < n; start += blockLength)
        {
            var block = values.Slice(start, blockLength);
            for (var mm = m; mm >= 1; mm >>= 1)
            {
                if (path == Path.Avx512 && mm == 4)
                {
                    LastThreeStagesAvx512(block);
                    break;
                }

                if (path == Path.Avx2 && mm == 2)
                {
                    LastTwoStagesAvx2(block);
                    break;
                }

                Stage(block, mm, twiddles, path);
            }
        }
    }

    internal static void Inverse(Span<ulong> values, Path path)
    {
        InverseWithoutScaling(values, path);
        Scale(values, Goldilocks.InverseOfPowerOfTwo(BitOperations.Log2((uint)values.Length)), path);
    }

    /// <summary>n times the inverse transform (the 1/n is left to the caller, who may fold it into another pass).</summary>
    internal static void InverseWithoutScaling(Span<ulong> values, Path path)
    {
        // Σ_k A_k·r^(−ik) = Forward(A)_(−i mod n): the forward transform, then index i ↔ n − i.
        Forward(values, path);
        if (values.Length > 2)
        {
            values[1..].Reverse();
        }
    }

    internal static void CosetForward(Span<ulong> coefficients, ulong shift, Path path)
    {
        CheckLength(coefficients.Length);
        MultiplyByPowers(coefficients, 1, shift, path);
        Forward(coefficients, path);
    }

    internal static void CosetInverse(Span<ulong> evaluations, ulong shift, Path path)
    {
        var log2n = CheckLength(evaluations.Length);
        InverseWithoutScaling(evaluations, path);
        MultiplyByPowers(evaluations, Goldilocks.InverseOfPowerOfTwo(log2n), Goldilocks.Inverse(shift), path);
    }

    /// <summary>values[k] ← values[k]·factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Scale(Span<ulong> values, ulong factor, Path path)
    {
        var start = 0;
        ref var origin = ref MemoryMarshal.GetReference(values);
        if (path == Path.Avx512)
        {
            var broadcast = Vector512.Create(factor);
            for (; start + 8 <= values.Length; start += 8)
            {
                V512.Mul(Vector512.LoadUnsafe(ref origin, (nuint)start), broadcast).StoreUnsafe(ref origin, (nuint)start);
            }
        }
        else if (path == Path.Avx2)
        {
            var broadcast = Vector256.Create(factor);
            for (; start + 4 <= values.Length; start += 4)
            {
                V256.Mul(Vector256.LoadUnsafe(ref origin, (nuint)start), broadcast).StoreUnsafe(ref origin, (nuint)start);
            }
        }

        for (var k = start; k < values.Length; k++)
        {
            values[k] = Goldilocks.Mul(values[k], factor);
        }
    }

    /// <summary>values[k] ← values[k]·first·ratio^k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyByPowers(Span<ulong> values, ulong first, ulong ratio, Path path)
    {
        var start = 0;
        var power = first;
        if (path == Path.Avx512 && values.Length >= 8)
        {
            Span<ulong> lanes = stackalloc ulong[8];
            for (var i = 0; i < 8; i++)
            {
                lanes[i] = power;
                power = Goldilocks.Mul(power, ratio);
            }

            var powers = Vector512.Create<ulong>(lanes);
            var step = Vector512.Create(Goldilocks.Pow(ratio, 8));
            ref var origin = ref MemoryMarshal.GetReference(values);
            if (values.Length >= 32)
            {
                // Four independent chains of powers, 32 apart: the next powers do not wait on one another.
                var p1 = V512.Mul(powers, step);
                var p2 = V512.Mul(p1, step);
                var p3 = V512.Mul(p2, step);
                var step4 = Vector512.Create(Goldilocks.Pow(ratio, 32));
                for (; start + 32 <= values.Length; start += 32)
                {
                    V512.Mul(Vector512.LoadUnsafe(ref origin, (nuint)start), powers).StoreUnsafe(ref origin, (nuint)start);
                    V512.Mul(Vector512.LoadUnsafe(ref origin, (nuint)(start + 8)), p1).StoreUnsafe(ref origin, (nuint)(start + 8));
                    V512.Mul(Vector512.LoadUnsafe(ref origin, (nuint)(start + 16)), p2).StoreUnsafe(ref origin, (nuint)(start + 16));
                    V512.Mul(Vector512.LoadUnsafe(ref origin, (nuint)(start + 24)), p3).StoreUnsafe(ref origin, (nuint)(start + 24));
                    powers = V512.Mul(powers, step4);
                    p1 = V512.Mul(p1, step4);
                    p2 = V512.Mul(p2, step4);
                    p3 = V512.Mul(p3, step4);
                }
            }

            for (; start + 8 <= values.Length; start += 8)
            {
                var v = Vector512.LoadUnsafe(ref origin, (nuint)start);
                V512.Mul(v, powers).StoreUnsafe(ref origin, (nuint)start);
                powers = V512.Mul(powers, step);
            }

            power = powers.GetElement(0);
        }
        else if (path == Path.Avx2 && values.Length >= 4)
        {
            Span<ulong> lanes = stackalloc ulong[4];
            for (var i = 0; i < 4; i++)
            {
                lanes[i] = power;
                power = Goldilocks.Mul(power, ratio);
            }

            var powers = Vector256.Create<ulong>(lanes);
            var step = Vector256.Create(Goldilocks.Pow(ratio, 4));
            ref var origin = ref MemoryMarshal.GetReference(values);
            for (; start + 4 <= values.Length; start += 4)
            {
                var v = Vector256.LoadUnsafe(ref origin, (nuint)start);
                V256.Mul(v, powers).StoreUnsafe(ref origin, (nuint)start);
                powers = V256.Mul(powers, step);
            }

            power = powers.GetElement(0);
        }

        for (var k = start; k < values.Length; k++)
        {
            values[k] = Goldilocks.Mul(values[k], power);
            power = Goldilocks.Mul(power, ratio);
        }
    }

    private static int CheckLength(int n)
    {
        if (n < 1 || !BitOperations.IsPow2(n) || n > 1 << MaxLog2Size)
        {
            throw new ArgumentException($"NTT length {n} is not a power of 2 in [1, 2^{MaxLog2Size}].", "values");
        }

        return BitOperations.Log2((uint)n);
    }

    // One DIF stage over every block of 2m: (x, y) ← (x + y, (x − y)·r_2m^k).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Stage(Span<ulong> values, int m, ulong[] twiddles, Path path)
    {
        ref var origin = ref MemoryMarshal.GetReference(values);
        ref var w = ref twiddles[m];
        if (path == Path.Avx512 && m >= 8)
        {
            for (var j = 0; j < values.Length; j += 2 * m)
            {
                for (var k = 0; k < m; k += 8)
                {
                    var x = Vector512.LoadUnsafe(ref origin, (nuint)(j + k));
                    var y = Vector512.LoadUnsafe(ref origin, (nuint)(j + m + k));
                    var t = Vector512.LoadUnsafe(ref w, (nuint)k);
                    V512.Add(x, y).StoreUnsafe(ref origin, (nuint)(j + k));
                    V512.Mul(V512.Sub(x, y), t).StoreUnsafe(ref origin, (nuint)(j + m + k));
                }
            }
        }
        else if (path != Path.Scalar && m >= 4)
        {
            for (var j = 0; j < values.Length; j += 2 * m)
            {
                for (var k = 0; k < m; k += 4)
                {
                    var x = Vector256.LoadUnsafe(ref origin, (nuint)(j + k));
                    var y = Vector256.LoadUnsafe(ref origin, (nuint)(j + m + k));
                    var t = Vector256.LoadUnsafe(ref w, (nuint)k);
                    V256.Add(x, y).StoreUnsafe(ref origin, (nuint)(j + k));
                    V256.Mul(V256.Sub(x, y), t).StoreUnsafe(ref origin, (nuint)(j + m + k));
                }
            }
        }
        else
        {
            for (var j = 0; j < values.Length; j += 2 * m)
            {
                for (var k = 0; k < m; k++)
                {
                    ref var xr = ref Unsafe.Add(ref origin, j + k);
                    ref var yr = ref Unsafe.Add(ref origin, j + m + k);
                    var x = xr;
                    var y = yr;
                    xr = Goldilocks.Add(x, y);
                    yr = Goldilocks.Mul(Goldilocks.Sub(x, y), Unsafe.Add(ref w, k));
                }
            }
        }
    }

    // Stages m = 4, 2, 1 inside each 8-lane vector. Lane i pairs with lane i ^ m: lanes with bit m
    // clear take x + y, lanes with bit m set take (x − y)·r_2m^(i mod m).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LastThreeStagesAvx512(Span<ulong> block)
    {
        var swap4 = Vector512.Create(4UL, 5, 6, 7, 0, 1, 2, 3);
        var swap2 = Vector512.Create(2UL, 3, 0, 1, 6, 7, 4, 5);
        var swap1 = Vector512.Create(1UL, 0, 3, 2, 5, 4, 7, 6);
        var high4 = Vector512.Create(0UL, 0, 0, 0, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
        var high2 = Vector512.Create(0UL, 0, ulong.MaxValue, ulong.MaxValue, 0, 0, ulong.MaxValue, ulong.MaxValue);
        var high1 = Vector512.Create(0UL, ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue);
        var r8 = Goldilocks.RootOfUnity(3);
        var r4 = Goldilocks.RootOfUnity(2);
        var twiddles4 = Vector512.Create(1UL, 1, 1, 1, 1, r8, Goldilocks.Square(r8), Goldilocks.Mul(r8, Goldilocks.Square(r8)));
        var twiddles2 = Vector512.Create(1UL, 1, 1, r4, 1, 1, 1, r4);

        ref var origin = ref MemoryMarshal.GetReference(block);
        for (var j = 0; j < block.Length; j += 8)
        {
            var v = Vector512.LoadUnsafe(ref origin, (nuint)j);
            var s = Avx512F.PermuteVar8x64(v, swap4);
            v = V512.Mul(Vector512.ConditionalSelect(high4, V512.Sub(s, v), V512.Add(v, s)), twiddles4);
            s = Avx512F.PermuteVar8x64(v, swap2);
            v = V512.Mul(Vector512.ConditionalSelect(high2, V512.Sub(s, v), V512.Add(v, s)), twiddles2);
            s = Avx512F.PermuteVar8x64(v, swap1);
            v = Vector512.ConditionalSelect(high1, V512.Sub(s, v), V512.Add(v, s));
            v.StoreUnsafe(ref origin, (nuint)j);
        }
    }

    // Stages m = 2, 1 inside each 4-lane vector (see LastThreeStagesAvx512).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LastTwoStagesAvx2(Span<ulong> block)
    {
        var high2 = Vector256.Create(0UL, 0, ulong.MaxValue, ulong.MaxValue);
        var high1 = Vector256.Create(0UL, ulong.MaxValue, 0, ulong.MaxValue);
        var twiddles2 = Vector256.Create(1UL, 1, 1, Goldilocks.RootOfUnity(2));

        ref var origin = ref MemoryMarshal.GetReference(block);
        for (var j = 0; j < block.Length; j += 4)
        {
            var v = Vector256.LoadUnsafe(ref origin, (nuint)j);
            var s = Avx2.Permute4x64(v, 0b01_00_11_10);
            v = V256.Mul(Vector256.ConditionalSelect(high2, V256.Sub(s, v), V256.Add(v, s)), twiddles2);
            s = Avx2.Permute4x64(v, 0b10_11_00_01);
            v = Vector256.ConditionalSelect(high1, V256.Sub(s, v), V256.Add(v, s));
            v.StoreUnsafe(ref origin, (nuint)j);
        }
    }

    /// <summary>Twiddle table T[m + k] = r_2m^k (m a power of 2, k &lt; m): each stage's factors are contiguous.</summary>
    private static class Twiddles
    {
        private static readonly Lock Gate = new();
        private static ulong[] table = [0, 1];

        // A table covering every stage of an NTT of length 2^log2n (its length is at least 2^log2n).
        public static ulong[] Get(int log2n)
        {
            var current = Volatile.Read(ref table);
            var n = 1 << log2n;
            if (current.Length >= n)
            {
                return current;
            }

            lock (Gate)
            {
                current = table;
                if (current.Length >= n)
                {
                    return current;
                }

                var bigger = new ulong[n];
                current.CopyTo(bigger, 0);
                for (var m = current.Length; m < n; m *= 2)
                {
                    var root = Goldilocks.RootOfUnity(BitOperations.Log2((uint)m) + 1);
                    var power = 1UL;
                    for (var k = 0; k < m; k++)
                    {
                        bigger[m + k] = power;
                        power = Goldilocks.Mul(power, root);
                    }
                }

                Volatile.Write(ref table, bigger);
                return bigger;
            }
        }
    }
}
