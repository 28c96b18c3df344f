// Polynomials over the field given by their coefficients (KERNEL.md §2): evaluation at an extension
// point, and interpolation from a coset's bit-reversed values. The prover, FRI and the verifier share them.
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
