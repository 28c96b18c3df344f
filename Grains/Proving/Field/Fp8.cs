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

public readonly struct Fp8(Vector512<ulong> lanes) : IFieldElement<Fp8>
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
}
