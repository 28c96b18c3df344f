// The Goldilocks prime field F_p, p = 2^64 - 2^32 + 1 (KERNEL.md §2): elements are ulongs in [0, p).
// Every hot operation is branch-free (KERNEL.md §7: carries computed with bit operations, because the
// JIT keeps `?:` as a branch and a random carry mispredicts half the time).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProverSim.Grains.Proving.Field;

public static class Goldilocks
{
    public const ulong P = 0xFFFF_FFFF_0000_0001;

    /// <summary>The multiplicative generator used for roots of unity and cosets (KERNEL.md §2).</summary>
    public const ulong Generator = 7;

    /// <summary>p − 1 is divisible by 2^32 and no higher power of two.</summary>
    public const int TwoAdicity = 32;

    // 2^64 mod p = 2^32 - 1: adding it is the same as subtracting p modulo 2^64.
    private const ulong Epsilon = 0xFFFF_FFFF;

    // RootsOfUnity[k] has order exactly 2^k; InversePowersOfTwo[k] = 2^-k.
    private static readonly ulong[] RootsOfUnity = ComputeRootsOfUnity();
    private static readonly ulong[] InversePowersOfTwo = ComputeInversePowersOfTwo();

    public static bool IsCanonical(ulong value) => value < P;

    /// <summary>(a + b) mod p for canonical a and b, without branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong a, ulong b)
    {
        var sum = a + b;
        var overflow = ((a & b) | ((a | b) & ~sum)) >> 63;
        // sum >= p exactly when sum + (2^32 - 1) carries out of 64 bits.
        var reduce = (sum & ~(sum + Epsilon)) >> 63;
        return sum + (Epsilon & (0UL - (overflow | reduce)));
    }

    /// <summary>(a - b) mod p for canonical a and b, without branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sub(ulong a, ulong b)
    {
        var difference = a - b;
        var borrow = ((~a & b) | ((~a | b) & difference)) >> 63;
        return difference - (Epsilon & (0UL - borrow));
    }

    /// <summary>−a mod p for canonical a (0 stays 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Neg(ulong a) => Sub(0, a);

    /// <summary>Any 64-bit value to its canonical representative in [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reduce(ulong value)
    {
        // value >= p exactly when value + (2^32 - 1) carries; then value - p = value + (2^32 - 1) mod 2^64.
        var reduce = (value & ~(value + Epsilon)) >> 63;
        return value + (Epsilon & (0UL - reduce));
    }

    /// <summary>a·b mod p for canonical a and b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mul(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return Reduce128(high, low);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Square(ulong a) => Mul(a, a);

    /// <summary>
    /// (high·2^64 + low) mod p, for any 128-bit value, using 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 (KERNEL.md §2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reduce128(ulong high, ulong low)
    {
        var highHigh = high >> 32;
        var highLow = high & Epsilon;

        // low - highHigh·2^96 ≡ low - highHigh; a borrow means 2^64 was added, i.e. Epsilon too much.
        var t0 = low - highHigh;
        var borrow = ((~low & highHigh) | ((~low | highHigh) & t0)) >> 63;
        t0 -= Epsilon & (0UL - borrow);

        // + highLow·2^64 ≡ highLow·(2^32 − 1), which fits in 64 bits; a carry means 2^64 ≡ Epsilon is missing.
        var t1 = (highLow << 32) - highLow;
        var t2 = t0 + t1;
        var carry = ((t0 & t1) | ((t0 | t1) & ~t2)) >> 63;
        t2 += Epsilon & (0UL - carry);
        return Reduce(t2);
    }

    /// <summary>a^e mod p (square and multiply; the exponent is public).</summary>
    public static ulong Pow(ulong a, ulong e)
    {
        var result = 1UL;
        var power = a;
        while (e != 0)
        {
            if ((e & 1) != 0)
            {
                result = Mul(result, power);
            }

            power = Square(power);
            e >>= 1;
        }

        return result;
    }

    /// <summary>a⁻¹ mod p = a^(p − 2); throws <see cref="DivideByZeroException"/> for 0.</summary>
    public static ulong Inverse(ulong a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("0 has no inverse in the Goldilocks field.");
        }

        return Pow(a, P - 2);
    }

    /// <summary>
    /// result[i] = values[i]⁻¹ with one inversion (Montgomery's trick). Zeros are not allowed:
    /// throws <see cref="DivideByZeroException"/>. result may be the same span as values.
    /// </summary>
    public static void BatchInverse(ReadOnlySpan<ulong> values, Span<ulong> result)
    {
        if (result.Length != values.Length)
        {
            throw new ArgumentException("result must have the same length as values.", nameof(result));
        }

        if (values.Length == 0)
        {
            return;
        }

        // If the spans alias, keep a private copy of the inputs: the backward pass reads them again.
        ulong[]? copy = null;
        if (values.Overlaps(result))
        {
            copy = System.Buffers.ArrayPool<ulong>.Shared.Rent(values.Length);
            values.CopyTo(copy);
            values = copy.AsSpan(0, values.Length);
        }

        try
        {
            if (VectorPaths.Avx512 && values.Length >= 64)
            {
                BatchInverseLanes8(values, result);
                return;
            }

            // result[i] = values[0]·…·values[i − 1]
            var accumulator = 1UL;
            for (var i = 0; i < values.Length; i++)
            {
                result[i] = accumulator;
                accumulator = Mul(accumulator, values[i]);
            }

            if (accumulator == 0)
            {
                throw new DivideByZeroException("BatchInverse: an input is 0.");
            }

            var inverse = Inverse(accumulator);
            for (var i = values.Length - 1; i >= 0; i--)
            {
                var value = values[i];
                result[i] = Mul(result[i], inverse);
                inverse = Mul(inverse, value);
            }
        }
        finally
        {
            if (copy is not null)
            {
                System.Buffers.ArrayPool<ulong>.Shared.Return(copy);
            }
        }
    }

    // Montgomery's trick in eight interleaved chains (lane l takes the values at l, l + 8, l + 16, …): the
    // products of one chain do not wait on another's, so the pass runs at the multiplier's throughput
    // rather than its latency. The tail past a multiple of eight goes through the scalar pass. Inverses
    // are unique, so the result is the scalar pass's.
    private static void BatchInverseLanes8(ReadOnlySpan<ulong> values, Span<ulong> result)
    {
        var whole = values.Length & ~7;
        ref var input = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values);
        ref var output = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(result);
        var accumulator = Vector512.Create(1UL);
        for (var i = 0; i < whole; i += 8)
        {
            accumulator.StoreUnsafe(ref output, (nuint)i);
            accumulator = Lanes8.Mul(accumulator, Vector512.LoadUnsafe(ref input, (nuint)i));
        }

        Span<ulong> totals = stackalloc ulong[8];
        accumulator.CopyTo(totals);
        if (totals.Contains(0UL))
        {
            throw new DivideByZeroException("BatchInverse: an input is 0.");
        }

        Span<ulong> inverses = stackalloc ulong[8];
        BatchInverse(totals, inverses);
        var inverse = Vector512.Create<ulong>(inverses);
        for (var i = whole - 8; i >= 0; i -= 8)
        {
            var value = Vector512.LoadUnsafe(ref input, (nuint)i);
            Lanes8.Mul(Vector512.LoadUnsafe(ref output, (nuint)i), inverse).StoreUnsafe(ref output, (nuint)i);
            inverse = Lanes8.Mul(inverse, value);
        }

        if (whole < values.Length)
        {
            BatchInverse(values[whole..], result[whole..]);
        }
    }

    /// <summary>
    /// The root of unity of order exactly 2^log2n: 7^((p − 1)/2^log2n), for 0 ≤ log2n ≤ 32
    /// (KERNEL.md §2: RootOfUnity(32) = 1753635133440165772, RootOfUnity(1) = p − 1).
    /// </summary>
    public static ulong RootOfUnity(int log2n)
    {
        if ((uint)log2n > TwoAdicity)
        {
            throw new ArgumentOutOfRangeException(nameof(log2n), log2n, "The two-adicity of p is 32.");
        }

        return RootsOfUnity[log2n];
    }

    /// <summary>2^−k mod p for k ≥ 0 (for example the 1/n of an inverse NTT).</summary>
    public static ulong InverseOfPowerOfTwo(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return k < InversePowersOfTwo.Length ? InversePowersOfTwo[k] : Pow(InversePowersOfTwo[1], (ulong)k);
    }

    private static ulong[] ComputeRootsOfUnity()
    {
        var roots = new ulong[TwoAdicity + 1];
        roots[TwoAdicity] = Pow(Generator, (P - 1) >> TwoAdicity);
        for (var k = TwoAdicity - 1; k >= 0; k--)
        {
            roots[k] = Square(roots[k + 1]);
        }

        return roots;
    }

    private static ulong[] ComputeInversePowersOfTwo()
    {
        var inverses = new ulong[65];
        inverses[0] = 1;
        var half = (P + 1) / 2;
        for (var k = 1; k < inverses.Length; k++)
        {
            inverses[k] = Mul(inverses[k - 1], half);
        }

        return inverses;
    }
    /// <summary>
    /// Eight field elements per AVX-512 vector. There is no 64×64→128 vector multiply: the product is
    /// built from four 32×32→64 multiplies (vpmuludq), then reduced as in <see cref="Reduce128"/> and
    /// canonicalized with an unsigned min. Callers check <see cref="Avx512F.IsSupported"/>.
    /// </summary>
    public static class Lanes8
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Add(Vector512<ulong> a, Vector512<ulong> b)
        {
            // a + b wraps past 2^64 (add 2^64 mod p = Epsilon), then a final unsigned min(s, s − p).
            var sum = a + b;
            sum += Vector512.LessThan(sum, a) & Vector512.Create(Epsilon);
            return Avx512F.Min(sum, sum - Vector512.Create(P));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Sub(Vector512<ulong> a, Vector512<ulong> b)
        {
            var difference = a - b;
            return difference - (Vector512.LessThan(a, b) & Vector512.Create(Epsilon));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Mul(Vector512<ulong> a, Vector512<ulong> b)
        {
            var aHigh = Vector512.ShiftRightLogical(a, 32);
            var bHigh = Vector512.ShiftRightLogical(b, 32);
            var lowLow = Avx512F.Multiply(a.AsUInt32(), b.AsUInt32());
            var lowHigh = Avx512F.Multiply(a.AsUInt32(), bHigh.AsUInt32());
            var highLow = Avx512F.Multiply(aHigh.AsUInt32(), b.AsUInt32());
            var highHigh = Avx512F.Multiply(aHigh.AsUInt32(), bHigh.AsUInt32());

            var mask = Vector512.Create(0xFFFF_FFFFUL);
            var middle = highLow + Vector512.ShiftRightLogical(lowLow, 32);
            var middle2 = lowHigh + (middle & mask);
            var low = Vector512.ShiftLeft(middle2, 32) | (lowLow & mask);
            var high = highHigh + Vector512.ShiftRightLogical(middle, 32) + Vector512.ShiftRightLogical(middle2, 32);
            return Reduce128(high, low);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Reduce128(Vector512<ulong> high, Vector512<ulong> low)
        {
            var epsilon = Vector512.Create(Epsilon);
            var highHigh = Vector512.ShiftRightLogical(high, 32);
            var highLow = high & epsilon;
            var t0 = low - highHigh;
            t0 -= Vector512.LessThan(low, highHigh) & epsilon;
            var t1 = Vector512.ShiftLeft(highLow, 32) - highLow;
            var t2 = t0 + t1;
            t2 += Vector512.LessThan(t2, t1) & epsilon;
            return Avx512F.Min(t2, t2 - Vector512.Create(P));
        }
    }

    /// <summary>Four field elements per AVX2 vector; the same algorithm as <see cref="Lanes8"/>. Callers check <see cref="Avx2.IsSupported"/>.</summary>
    public static class Lanes4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Add(Vector256<ulong> a, Vector256<ulong> b)
        {
            var sum = a + b;
            sum += Vector256.LessThan(sum, a) & Vector256.Create(Epsilon);
            return Canonical(sum);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Sub(Vector256<ulong> a, Vector256<ulong> b)
        {
            var difference = a - b;
            return difference - (Vector256.LessThan(a, b) & Vector256.Create(Epsilon));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Mul(Vector256<ulong> a, Vector256<ulong> b)
        {
            var aHigh = Vector256.ShiftRightLogical(a, 32);
            var bHigh = Vector256.ShiftRightLogical(b, 32);
            var lowLow = Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
            var lowHigh = Avx2.Multiply(a.AsUInt32(), bHigh.AsUInt32());
            var highLow = Avx2.Multiply(aHigh.AsUInt32(), b.AsUInt32());
            var highHigh = Avx2.Multiply(aHigh.AsUInt32(), bHigh.AsUInt32());

            var mask = Vector256.Create(0xFFFF_FFFFUL);
            var middle = highLow + Vector256.ShiftRightLogical(lowLow, 32);
            var middle2 = lowHigh + (middle & mask);
            var low = Vector256.ShiftLeft(middle2, 32) | (lowLow & mask);
            var high = highHigh + Vector256.ShiftRightLogical(middle, 32) + Vector256.ShiftRightLogical(middle2, 32);
            return Reduce128(high, low);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Reduce128(Vector256<ulong> high, Vector256<ulong> low)
        {
            var epsilon = Vector256.Create(Epsilon);
            var highHigh = Vector256.ShiftRightLogical(high, 32);
            var highLow = high & epsilon;
            var t0 = low - highHigh;
            t0 -= Vector256.LessThan(low, highHigh) & epsilon;
            var t1 = Vector256.ShiftLeft(highLow, 32) - highLow;
            var t2 = t0 + t1;
            t2 += Vector256.LessThan(t2, t1) & epsilon;
            return Canonical(t2);
        }

        // x ≥ p exactly when x + Epsilon carries; then x − p = x + Epsilon (mod 2^64). AVX2 has no unsigned 64-bit min.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<ulong> Canonical(Vector256<ulong> x)
        {
            var epsilon = Vector256.Create(Epsilon);
            var shifted = x + epsilon;
            return Vector256.ConditionalSelect(Vector256.LessThan(shifted, epsilon), shifted, x);
        }
    }
}
