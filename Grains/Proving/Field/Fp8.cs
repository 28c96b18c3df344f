// Eight Goldilocks elements in one AVX-512 vector, with the field operators: the AIR's main-trace
// constraints, generic over IFieldElement, evaluate eight points of the prover's coset at once.
// Only for machines with AVX-512F (callers check Avx512F.IsSupported and keep a scalar path).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ProverSim.Grains.Proving.Field;

/// <summary>Which vector paths the kernel takes; tests switch them off to check the scalar paths give the same bytes.</summary>
public static class VectorPaths
{
    public static bool Avx512 { get; internal set; } = System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    public static bool Avx2 { get; internal set; } = System.Runtime.Intrinsics.X86.Avx2.IsSupported;
}

public readonly struct Fp8(Vector512<ulong> lanes) : IFieldElement<Fp8>, IExtensionScalar<Fp8, Fp2x8>
{
    public Vector512<ulong> Lanes { get; } = lanes;

    public static Fp8 Zero => default;

    public static Fp8 One => new(Vector512.Create(1UL));

    public static Fp8 Lift(ulong value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp8 operator +(Fp8 a, Fp8 b) => new(Goldilocks.Lanes8.Add(a.Lanes, b.Lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp8 operator -(Fp8 a, Fp8 b) => new(Goldilocks.Lanes8.Sub(a.Lanes, b.Lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp8 operator *(Fp8 a, Fp8 b) => new(Goldilocks.Lanes8.Mul(a.Lanes, b.Lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2x8 Scale(Fp2x8 e, Fp8 s) => new(Goldilocks.Lanes8.Mul(e.C0, s.Lanes), Goldilocks.Lanes8.Mul(e.C1, s.Lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2x8 Extend(Fp8 s) => new(s.Lanes, Vector512<ulong>.Zero);
}

/// <summary>
/// Eight F_p2 elements in lanes, as two AVX-512 vectors of coefficients (C0 + C1·X, X² = 7): the auxiliary
/// constraints, generic over the extension, evaluate eight points of the prover's coset at once.
/// </summary>
public readonly struct Fp2x8(Vector512<ulong> c0, Vector512<ulong> c1) : IExtensionField<Fp2x8>
{
    public Vector512<ulong> C0 { get; } = c0;

    public Vector512<ulong> C1 { get; } = c1;

    public static Fp2x8 Zero => default;

    public static Fp2x8 One => new(Vector512.Create(1UL), Vector512<ulong>.Zero);

    public static Fp2x8 Lift(ulong value) => new(Vector512.Create(value), Vector512<ulong>.Zero);

    public static Fp2x8 From(Fp2 value) => new(Vector512.Create(value.C0), Vector512.Create(value.C1));

    /// <summary>Lane <paramref name="lane"/> as an F_p2 value.</summary>
    public Fp2 this[int lane] => new(C0.GetElement(lane), C1.GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2x8 operator +(Fp2x8 a, Fp2x8 b) => new(Goldilocks.Lanes8.Add(a.C0, b.C0), Goldilocks.Lanes8.Add(a.C1, b.C1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2x8 operator -(Fp2x8 a, Fp2x8 b) => new(Goldilocks.Lanes8.Sub(a.C0, b.C0), Goldilocks.Lanes8.Sub(a.C1, b.C1));

    /// <summary>(a0 + a1X)(b0 + b1X) = (a0b0 + 7a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)X, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2x8 operator *(Fp2x8 a, Fp2x8 b)
    {
        var low = Goldilocks.Lanes8.Mul(a.C0, b.C0);
        var high = Goldilocks.Lanes8.Mul(a.C1, b.C1);
        var cross = Goldilocks.Lanes8.Mul(Goldilocks.Lanes8.Add(a.C0, a.C1), Goldilocks.Lanes8.Add(b.C0, b.C1));
        return new(
            Goldilocks.Lanes8.Add(low, Goldilocks.Lanes8.Mul(high, Vector512.Create(Fp2.NonResidue))),
            Goldilocks.Lanes8.Sub(Goldilocks.Lanes8.Sub(cross, low), high));
    }
}
