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
