// The quadratic extension F_p2 = F_p[X]/(X^2 − 7) (KERNEL.md §2): challenges, the DEEP point and FRI
// folding values live here, giving ~128-bit soundness per draw instead of 64.
using System.Runtime.CompilerServices;

namespace ProverSim.Grains.Proving.Field;

/// <summary>C0 + C1·X with X² = 7; both coefficients canonical.</summary>
public readonly struct Fp2 : IEquatable<Fp2>, IExtensionField<Fp2>, IExtensionScalar<Fp2, Fp2>
{
    /// <summary>X² = NonResidue; 7 is not a square mod p (7^((p − 1)/2) = p − 1).</summary>
    public const ulong NonResidue = 7;

    public readonly ulong C0;
    public readonly ulong C1;

    /// <summary>c0 + c1·X; both must be canonical (use <see cref="Goldilocks.Reduce"/> otherwise).</summary>
    public Fp2(ulong c0, ulong c1)
    {
        if (c0 >= Goldilocks.P || c1 >= Goldilocks.P)
        {
            throw new ArgumentOutOfRangeException(c0 >= Goldilocks.P ? nameof(c0) : nameof(c1), "Coefficients must be below p.");
        }

        C0 = c0;
        C1 = c1;
    }

    // Skips the range check: for results of field operations, which are canonical by construction.
    private Fp2(ulong c0, ulong c1, bool _)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fp2 Zero => default;

    public static Fp2 One => new(1, 0, true);

    public bool IsZero => (C0 | C1) == 0;

    public static Fp2 FromBase(ulong value) => new(value, 0);

    public static Fp2 Lift(ulong value) => new(value, 0);

    public static Fp2 From(Fp2 value) => value;

    public static Fp2 Scale(Fp2 e, Fp2 s) => e * s;

    public static Fp2 Extend(Fp2 s) => s;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator +(Fp2 a, Fp2 b) => new(Goldilocks.Add(a.C0, b.C0), Goldilocks.Add(a.C1, b.C1), true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(Fp2 a, Fp2 b) => new(Goldilocks.Sub(a.C0, b.C0), Goldilocks.Sub(a.C1, b.C1), true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(Fp2 a) => new(Goldilocks.Neg(a.C0), Goldilocks.Neg(a.C1), true);

    /// <summary>(a0 + a1X)(b0 + b1X) = (a0b0 + 7a1b1) + (a0b1 + a1b0)X.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator *(Fp2 a, Fp2 b)
    {
        var c0 = Goldilocks.Add(Goldilocks.Mul(a.C0, b.C0), MulByNonResidue(Goldilocks.Mul(a.C1, b.C1)));
        var c1 = Goldilocks.Add(Goldilocks.Mul(a.C0, b.C1), Goldilocks.Mul(a.C1, b.C0));
        return new(c0, c1, true);
    }

    /// <summary>Multiplication by a base-field scalar (canonical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator *(Fp2 a, ulong b) => new(Goldilocks.Mul(a.C0, b), Goldilocks.Mul(a.C1, b), true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator *(ulong a, Fp2 b) => b * a;

    public static bool operator ==(Fp2 a, Fp2 b) => a.Equals(b);

    public static bool operator !=(Fp2 a, Fp2 b) => !a.Equals(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Square()
    {
        var c0 = Goldilocks.Add(Goldilocks.Square(C0), MulByNonResidue(Goldilocks.Square(C1)));
        var product = Goldilocks.Mul(C0, C1);
        return new(c0, Goldilocks.Add(product, product), true);
    }

    /// <summary>(a0 − a1X)/(a0² − 7a1²); throws <see cref="DivideByZeroException"/> for 0.</summary>
    public Fp2 Inverse()
    {
        if (IsZero)
        {
            throw new DivideByZeroException("0 has no inverse in F_p2.");
        }

        var inverseNorm = Goldilocks.Inverse(Norm());
        return new(Goldilocks.Mul(C0, inverseNorm), Goldilocks.Mul(Goldilocks.Neg(C1), inverseNorm), true);
    }

    public Fp2 Pow(ulong exponent)
    {
        var result = One;
        var power = this;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result *= power;
            }

            power = power.Square();
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>
    /// result[i] = values[i]⁻¹ with one base-field inversion (Montgomery's trick). Zeros are not
    /// allowed: throws <see cref="DivideByZeroException"/>. result may be the same span as values.
    /// </summary>
    public static void BatchInverse(ReadOnlySpan<Fp2> values, Span<Fp2> result)
    {
        if (result.Length != values.Length)
        {
            throw new ArgumentException("result must have the same length as values.", nameof(result));
        }

        if (values.Length == 0)
        {
            return;
        }

        Fp2[]? copy = null;
        if (values.Overlaps(result))
        {
            copy = System.Buffers.ArrayPool<Fp2>.Shared.Rent(values.Length);
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

            var accumulator = One;
            for (var i = 0; i < values.Length; i++)
            {
                result[i] = accumulator;
                accumulator *= values[i];
            }

            if (accumulator.IsZero)
            {
                throw new DivideByZeroException("BatchInverse: an input is 0.");
            }

            var inverse = accumulator.Inverse();
            for (var i = values.Length - 1; i >= 0; i--)
            {
                var value = values[i];
                result[i] *= inverse;
                inverse *= value;
            }
        }
        finally
        {
            if (copy is not null)
            {
                System.Buffers.ArrayPool<Fp2>.Shared.Return(copy);
            }
        }
    }

    // Montgomery's trick in eight interleaved chains (lane l takes the values at l, l + 8, …), as for the
    // base field: throughput-bound instead of latency-bound. The tail past a multiple of eight goes
    // through the scalar pass; inverses are unique, so the result is the scalar pass's.
    private static void BatchInverseLanes8(ReadOnlySpan<Fp2> values, Span<Fp2> result)
    {
        var whole = values.Length & ~7;
        var accumulator = Fp2x8.One;
        for (var i = 0; i < whole; i += 8)
        {
            accumulator.Store(result[i..]);
            accumulator *= Fp2x8.Load(values[i..]);
        }

        Span<Fp2> totals = stackalloc Fp2[8];
        accumulator.Store(totals);
        if (totals.Contains(Zero))
        {
            throw new DivideByZeroException("BatchInverse: an input is 0.");
        }

        Span<Fp2> inverses = stackalloc Fp2[8];
        BatchInverse(totals, inverses);
        var inverse = Fp2x8.Load(inverses);
        for (var i = whole - 8; i >= 0; i -= 8)
        {
            var value = Fp2x8.Load(values[i..]);
            (Fp2x8.Load(result[i..]) * inverse).Store(result[i..]);
            inverse *= value;
        }

        if (whole < values.Length)
        {
            BatchInverse(values[whole..], result[whole..]);
        }
    }

    public bool Equals(Fp2 other) => C0 == other.C0 && C1 == other.C1;

    public override bool Equals(object? obj) => obj is Fp2 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(C0, C1);

    public override string ToString() => C1 == 0 ? $"{C0}" : $"{C0} + {C1}·X";

    // a0² − 7a1², which is 0 only for 0 because 7 is a non-residue.
    private ulong Norm() => Goldilocks.Sub(Goldilocks.Square(C0), MulByNonResidue(Goldilocks.Square(C1)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulByNonResidue(ulong a) => Goldilocks.Mul(a, NonResidue);
}
