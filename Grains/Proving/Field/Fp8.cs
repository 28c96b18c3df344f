// Eight Goldilocks elements in one AVX-512 vector, with the field operators: the AIR's main-trace
// constraints, generic over IFieldElement, evaluate eight points of the prover's coset at once.
// Only for machines with AVX-512F (callers check Avx512F.IsSupported and keep a scalar path).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>Eight consecutive F_p2 values (stored as (C0, C1) word pairs) into lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2x8 Load(ReadOnlySpan<Fp2> values)
    {
        var words = MemoryMarshal.Cast<Fp2, ulong>(values[..8]);
        var low = Vector512.Create(words[..8]);
        var high = Vector512.Create(words[8..]);
        return new(
            Avx512F.PermuteVar8x64x2(low, Vector512.Create(0UL, 2, 4, 6, 8, 10, 12, 14), high),
            Avx512F.PermuteVar8x64x2(low, Vector512.Create(1UL, 3, 5, 7, 9, 11, 13, 15), high));
    }

    /// <summary>The eight lanes back into eight consecutive F_p2 values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<Fp2> values)
    {
        var words = MemoryMarshal.Cast<Fp2, ulong>(values[..8]);
        Avx512F.PermuteVar8x64x2(C0, Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11), C1).CopyTo(words[..8]);
        Avx512F.PermuteVar8x64x2(C0, Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15), C1).CopyTo(words[8..]);
    }

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
