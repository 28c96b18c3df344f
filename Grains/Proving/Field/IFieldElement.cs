// The arithmetic the AIR's constraints need, so that one definition runs in the base field (the
// prover's main-trace constraints on the LDE coset) and in F_p2 (the verifier at z, aux constraints).
namespace ProverSim.Grains.Proving.Field;

public interface IFieldElement<T>
    where T : struct, IFieldElement<T>
{
    static abstract T Zero { get; }

    static abstract T One { get; }

    static abstract T Lift(ulong value);

    static abstract T operator +(T a, T b);

    static abstract T operator -(T a, T b);

    static abstract T operator *(T a, T b);
}

/// <summary>A Goldilocks element as a value type with operators (the scalar helpers are in <see cref="Goldilocks"/>).</summary>
public readonly record struct Fp(ulong Value) : IFieldElement<Fp>
{
    public static Fp Zero => default;

    public static Fp One => new(1);

    public static Fp Lift(ulong value) => new(value);

    public static Fp operator +(Fp a, Fp b) => new(Goldilocks.Add(a.Value, b.Value));

    public static Fp operator -(Fp a, Fp b) => new(Goldilocks.Sub(a.Value, b.Value));

    public static Fp operator *(Fp a, Fp b) => new(Goldilocks.Mul(a.Value, b.Value));
}
