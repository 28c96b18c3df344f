// Polynomials over the field given by their coefficients (KERNEL.md §2): evaluation at an extension
// point, and interpolation from a coset's bit-reversed values. The prover, FRI and the verifier share them.
using System.Runtime.Intrinsics;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Ntt;

namespace ProverSim.Grains.Proving.Core;

/// <summary>Polynomial evaluation helpers.</summary>
public static class Polynomial
{
    /// <summary>Σ c_i·x^i for base-field coefficients at an extension point (Horner).</summary>
    public static Fp2 Evaluate(ReadOnlySpan<ulong> coefficients, Fp2 x)
    {
        var acc = Fp2.Zero;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            acc = acc * x + Fp2.FromBase(coefficients[i]);
        }

        return acc;
    }

    /// <summary>Σ c_i·x^i for extension coefficients.</summary>
    public static Fp2 Evaluate(ReadOnlySpan<Fp2> coefficients, Fp2 x)
    {
        var acc = Fp2.Zero;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            acc = acc * x + coefficients[i];
        }

        return acc;
    }

    /// <summary>An extension column given as its two base-field coefficient vectors, at an extension point.</summary>
    public static Fp2 Evaluate(ReadOnlySpan<ulong> c0, ReadOnlySpan<ulong> c1, Fp2 x) =>
        Evaluate(c0, x) + Evaluate(c1, x) * new Fp2(0, 1);

    /// <summary>
    /// The powers x⁰ … x^(n−1) of an extension point, as their two base-field components: evaluating many
    /// polynomials at one point is then two base-field dot products each (<see cref="Evaluate(ReadOnlySpan{ulong}, Powers)"/>).
    /// </summary>
    public sealed class Powers
    {
        public Powers(Fp2 x, int n)
        {
            C0 = new ulong[n];
            C1 = new ulong[n];
            var power = Fp2.One;
            for (var i = 0; i < n; i++)
            {
                C0[i] = power.C0;
                C1[i] = power.C1;
                power *= x;
            }
        }

        public ulong[] C0 { get; }

        public ulong[] C1 { get; }
    }

    /// <summary>Σ c_i·x^i for base-field coefficients, from the point's powers: the same value as Horner's rule.</summary>
    public static Fp2 Evaluate(ReadOnlySpan<ulong> coefficients, Powers powers) =>
        new(Dot(coefficients, powers.C0), Dot(coefficients, powers.C1));

    /// <summary>An extension column given as its two base-field coefficient vectors, from the point's powers.</summary>
    public static Fp2 Evaluate(ReadOnlySpan<ulong> c0, ReadOnlySpan<ulong> c1, Powers powers) =>
        Evaluate(c0, powers) + Evaluate(c1, powers) * new Fp2(0, 1);

    /// <summary>Σ a_i·b_i in the base field (a no longer than b), eight or four lanes at a time where the machine has them.</summary>
    public static ulong Dot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var i = 0;
        var sum = 0UL;
        if (VectorPaths.Avx512)
        {
            var acc = Vector512<ulong>.Zero;
            for (; i + 8 <= a.Length; i += 8)
            {
                acc = Goldilocks.Lanes8.Add(acc, Goldilocks.Lanes8.Mul(Vector512.Create(a.Slice(i, 8)), Vector512.Create(b.Slice(i, 8))));
            }

            for (var l = 0; l < 8; l++)
            {
                sum = Goldilocks.Add(sum, acc.GetElement(l));
            }
        }
        else if (VectorPaths.Avx2)
        {
            var acc = Vector256<ulong>.Zero;
            for (; i + 4 <= a.Length; i += 4)
            {
                acc = Goldilocks.Lanes4.Add(acc, Goldilocks.Lanes4.Mul(Vector256.Create(a.Slice(i, 4)), Vector256.Create(b.Slice(i, 4))));
            }

            for (var l = 0; l < 4; l++)
            {
                sum = Goldilocks.Add(sum, acc.GetElement(l));
            }
        }

        for (; i < a.Length; i++)
        {
            sum = Goldilocks.Add(sum, Goldilocks.Mul(a[i], b[i]));
        }

        return sum;
    }

    /// <summary>
    /// Coefficients of the polynomial whose values on the coset shift·⟨w⟩ (size n) are given in
    /// bit-reversed order; each component of F_p2 is interpolated separately (the NTT is F_p-linear).
    /// </summary>
    public static (ulong[] C0, ulong[] C1) InterpolateCoset(ReadOnlySpan<Fp2> bitReversedValues, ulong shift)
    {
        var n = bitReversedValues.Length;
        var c0 = new ulong[n];
        var c1 = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            c0[i] = bitReversedValues[i].C0;
            c1[i] = bitReversedValues[i].C1;
        }

        BitReverse.Permute<ulong>(c0);
        BitReverse.Permute<ulong>(c1);
        Ntt.Ntt.Inverse(c0);
        Ntt.Ntt.Inverse(c1);

        // p(shift·y) has coefficients c_j·shift^j: undo the shift.
        var inverseShift = Goldilocks.Inverse(shift);
        var power = 1UL;
        for (var j = 0; j < n; j++)
        {
            c0[j] = Goldilocks.Mul(c0[j], power);
            c1[j] = Goldilocks.Mul(c1[j], power);
            power = Goldilocks.Mul(power, inverseShift);
        }

        return (c0, c1);
    }
}
