// Scalar products on P-256 for the ECVRF, behind one small interface with two implementations: the
// system's OpenSSL (libcrypto's P-256, hand-written assembly on x86-64, about 3× the managed speed) where
// it loads, and the project's managed arithmetic everywhere else. Both give the same points; tests run
// the RFC vectors and random products through each, against BouncyCastle.
namespace ProverSim.Grains.Crypto.P256;

internal abstract class P256Arithmetic
{
    private static readonly Lazy<P256Arithmetic> Chosen = new(Choose);

    /// <summary>The arithmetic the ECVRF uses: OpenSSL's when it loads and agrees with the managed one.</summary>
    public static P256Arithmetic Default => Chosen.Value;

    /// <summary>"openssl" or "managed", for benchmarks and diagnostics.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// r = g·G + Σ scalars[i]·points[i] (scalars 32 bytes big-endian each, g empty for no generator term);
    /// false when r is the point at infinity.
    /// </summary>
    public abstract bool TryCombine(
        ReadOnlySpan<byte> g, ReadOnlySpan<P256Affine> points, ReadOnlySpan<byte> scalars, out P256Affine r);

    /// <summary>r = k·P; false for infinity.</summary>
    public bool TryMultiply(in P256Affine p, ReadOnlySpan<byte> k, out P256Affine r) =>
        TryCombine([], [p], k, out r);

    /// <summary>r = k·G; false for infinity.</summary>
    public bool TryMultiplyBase(ReadOnlySpan<byte> k, out P256Affine r) => TryCombine(k, [], [], out r);

    private static P256Arithmetic Choose()
    {
        return OpenSslP256.TryLoad() is { } openSsl && Agrees(openSsl, ManagedP256.Instance)
            ? openSsl
            : ManagedP256.Instance;
    }

    /// <summary>A self-check before trusting a native library: the same k·G and k·G + j·P from both.</summary>
    private static bool Agrees(P256Arithmetic candidate, P256Arithmetic reference)
    {
        Span<byte> scalars = stackalloc byte[64];
        for (var i = 0; i < scalars.Length; i++)
        {
            scalars[i] = (byte)((i * 37) + 11);
        }

        if (!reference.TryMultiplyBase(scalars[..32], out var point)
            || !candidate.TryMultiplyBase(scalars[..32], out var mine)
            || !SamePoint(point, mine))
        {
            return false;
        }

        if (!reference.TryCombine(scalars[32..], [point], scalars[..32], out var expected)
            || !candidate.TryCombine(scalars[32..], [point], scalars[..32], out var actual)
            || !SamePoint(expected, actual))
        {
            return false;
        }

        // Two points without the generator (the verifier's V = s·H − c·Γ), and a combination that is the
        // point at infinity (k·P + k·(−P)).
        Span<byte> twice = stackalloc byte[64];
        scalars[..32].CopyTo(twice);
        scalars[..32].CopyTo(twice[32..]);
        return reference.TryCombine([], [point, expected], scalars, out var pair)
            && candidate.TryCombine([], [point, expected], scalars, out var pairMine)
            && SamePoint(pair, pairMine)
            && !candidate.TryCombine([], [point, point.Negate()], twice, out _);
    }

    private static bool SamePoint(in P256Affine a, in P256Affine b) => a.X == b.X && a.Y == b.Y;
}

/// <summary>The project's own arithmetic (<see cref="P256Curve"/>): wNAF for points, a comb for G.</summary>
internal sealed class ManagedP256 : P256Arithmetic
{
    public static readonly ManagedP256 Instance = new();

    private ManagedP256()
    {
    }

    public override string Name => "managed";

    public override bool TryCombine(
        ReadOnlySpan<byte> g, ReadOnlySpan<P256Affine> points, ReadOnlySpan<byte> scalars, out P256Affine r)
    {
        var acc = g.IsEmpty ? P256Jacobian.Infinity : P256Curve.MultiplyBase(g);
        Span<P256Affine> first = stackalloc P256Affine[P256Curve.TableSize];
        Span<P256Affine> second = stackalloc P256Affine[P256Curve.TableSize];
        var i = 0;
        for (; i + 1 < points.Length; i += 2)
        {
            P256Curve.OddMultiples(points[i], first);
            P256Curve.OddMultiples(points[i + 1], second);
            acc = acc.Add(P256Curve.MultiplyTwo(first, Scalar(scalars, i), second, Scalar(scalars, i + 1)));
        }

        if (i < points.Length)
        {
            P256Curve.OddMultiples(points[i], first);
            acc = acc.Add(P256Curve.Multiply(first, Scalar(scalars, i)));
        }

        return acc.TryToAffine(out r);
    }

    private static ReadOnlySpan<byte> Scalar(ReadOnlySpan<byte> scalars, int i) => scalars.Slice(i * 32, 32);
}
