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
/// An element of F_p2, or several points' elements side by side (lanes): what the auxiliary constraints
/// compute in, with the challenges and terminals (single F_p2 values) brought in by <see cref="From"/>.
/// </summary>
public interface IExtensionField<E> : IFieldElement<E>
    where E : struct, IExtensionField<E>
{
    /// <summary>An F_p2 constant as an element (in every lane).</summary>
    static abstract E From(Fp2 value);
}

/// <summary>
/// A field the extension is a vector space over: the base field, whose products with an extension element
/// cost two base multiplications, or F_p2 itself; one point or several in lanes (<typeparamref name="E"/>
/// has as many). The auxiliary constraints mix main-trace values (base field on the prover's coset, F_p2
/// at the verifier's z) with extension challenges.
/// </summary>
public interface IExtensionScalar<T, E>
    where T : struct, IFieldElement<T>, IExtensionScalar<T, E>
    where E : struct, IExtensionField<E>
{
    /// <summary>e · s.</summary>
    static abstract E Scale(E e, T s);

    /// <summary>s as an element of the extension.</summary>
    static abstract E Extend(T s);
}

/// <summary>A Goldilocks element as a value type with operators (the scalar helpers are in <see cref="Goldilocks"/>).</summary>
public readonly record struct Fp(ulong Value) : IFieldElement<Fp>, IExtensionScalar<Fp, Fp2>
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
