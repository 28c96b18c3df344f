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

/// <summary>
/// A field the extension F_p2 is a vector space over: the base field, whose products with an extension
/// element cost two base multiplications, or F_p2 itself. The auxiliary constraints mix main-trace
/// values (base field on the prover's coset, F_p2 at the verifier's z) with extension challenges.
/// </summary>
public interface IExtensionScalar<T>
    where T : struct, IFieldElement<T>, IExtensionScalar<T>
{
    /// <summary>e · s.</summary>
    static abstract Fp2 Scale(Fp2 e, T s);

    /// <summary>s as an element of F_p2.</summary>
    static abstract Fp2 Extend(T s);
}

/// <summary>A Goldilocks element as a value type with operators (the scalar helpers are in <see cref="Goldilocks"/>).</summary>
public readonly record struct Fp(ulong Value) : IFieldElement<Fp>, IExtensionScalar<Fp>
{
    public static Fp2 Scale(Fp2 e, Fp s) => e * s.Value;

    public static Fp2 Extend(Fp s) => Fp2.FromBase(s.Value);

    public static Fp Zero => default;

    public static Fp One => new(1);

    public static Fp Lift(ulong value) => new(value);

    public static Fp operator +(Fp a, Fp b) => new(Goldilocks.Add(a.Value, b.Value));

    public static Fp operator -(Fp a, Fp b) => new(Goldilocks.Sub(a.Value, b.Value));

    public static Fp operator *(Fp a, Fp b) => new(Goldilocks.Mul(a.Value, b.Value));
}
