// ECVRF-P256-SHA256-TAI (RFC 9381, suite 0x01): the verifiable random function behind allocation
// randomness. Prove turns (key, alpha) into a proof pi; anyone with the public key checks pi and reads
// the same output beta, so the beacon cannot choose its draw (CRYPTO.md "ECVRF").
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using ECCurve = Org.BouncyCastle.Math.EC.ECCurve;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace ProverSim.Grains.Crypto;

public static class Ecvrf
{
    public const int ProofLength = PointLength + ChallengeLength + ScalarLength;
    public const int OutputLength = 32;

    internal const int PointLength = 33;
    internal const int ChallengeLength = 16;
    internal const int ScalarLength = 32;

    private const byte SuiteString = 0x01;
    private const byte EncodeToCurveDomain = 0x01;
    private const byte ChallengeDomain = 0x02;
    private const byte ProofToHashDomain = 0x03;
    private const byte DomainBackSeparator = 0x00;
    private const int MaxStackInput = 1024;

    // Field initializers run in order: the parameters first, then what is read from them.
    private static readonly X9ECParameters P256 = CustomNamedCurves.GetByName("P-256");
    private static readonly ECCurve Curve = P256.Curve;
    private static readonly ECPoint G = P256.G.Normalize();
    private static readonly BigInteger P = Curve.Field.Characteristic;
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    internal static readonly BigInteger N = P256.N;

    /// <summary>pi = Gamma (33) ‖ c (16) ‖ s (32) for input alpha (RFC 9381 §5.1).</summary>
    public static byte[] Prove(EcvrfKeyPair key, ReadOnlySpan<byte> alpha)
    {
        ArgumentNullException.ThrowIfNull(key);

        var h = EncodeToCurve(key.PublicKeySpan, alpha)
            ?? throw new InvalidOperationException("encode_to_curve found no point in 256 tries.");
        Span<byte> hString = stackalloc byte[PointLength];
        h.EncodeTo(true, hString);

        var gamma = h.Multiply(key.X);
        var k = Nonce(key.X, hString);
        var u = BaseMultiply(k);
        var v = h.Multiply(k);

        var pi = new byte[ProofLength];
        var piSpan = pi.AsSpan();
        gamma.Normalize().EncodeTo(true, piSpan[..PointLength]);
        var cBytes = piSpan.Slice(PointLength, ChallengeLength);
        Challenge(key.PublicKeySpan, hString, piSpan[..PointLength], u, v, cBytes);

        var c = new BigInteger(1, cBytes);
        var s = k.Add(c.Multiply(key.X)).Mod(N);
        BigIntegers.AsUnsignedByteArray(s, pi, PointLength + ChallengeLength, ScalarLength);
        return pi;
    }

    /// <summary>beta = SHA-256(suite ‖ 0x03 ‖ Gamma ‖ 0x00) (RFC 9381 §5.2); throws if pi does not decode.</summary>
    public static byte[] ProofToHash(ReadOnlySpan<byte> pi)
    {
        if (!TryDecodeProof(pi, out _, out _, out _))
        {
            throw new ArgumentException("The ECVRF proof does not decode.", nameof(pi));
        }

        var beta = new byte[OutputLength];
        HashGamma(pi[..PointLength], beta);
        return beta;
    }

    /// <summary>Checks pi against the public key and alpha (RFC 9381 §5.3); never throws.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> alpha, ReadOnlySpan<byte> pi, out byte[] beta)
    {
        beta = [];
        if (!TryDecodeProof(pi, out var gamma, out var c, out var s)
            || TryDecodePoint(publicKey) is not { } y)
        {
            return false;
        }

        if (EncodeToCurve(publicKey, alpha) is not { } h)
        {
            return false;
        }

        var minusC = N.Subtract(c).Mod(N);
        var u = ECAlgorithms.SumOfTwoMultiplies(G, s, y, minusC);
        var v = ECAlgorithms.SumOfTwoMultiplies(h, s, gamma, minusC);
        if (u.IsInfinity || v.IsInfinity)
        {
            return false;
        }

        Span<byte> hString = stackalloc byte[PointLength];
        h.EncodeTo(true, hString);
        Span<byte> expected = stackalloc byte[ChallengeLength];
        Challenge(publicKey, hString, pi[..PointLength], u, v, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, pi.Slice(PointLength, ChallengeLength)))
        {
            return false;
        }

        beta = new byte[OutputLength];
        HashGamma(pi[..PointLength], beta);
        return true;
    }

    internal static ECPoint BaseMultiply(BigInteger k) => BaseMultiplier.Multiply(G, k).Normalize();

    /// <summary>Try-and-increment (§5.4.1.1): first ctr with SHA-256(suite ‖ 0x01 ‖ PK ‖ alpha ‖ ctr ‖ 0x00) a valid x.</summary>
    private static ECPoint? EncodeToCurve(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> alpha)
    {
        var length = 2 + publicKey.Length + alpha.Length + 2;
        Span<byte> input = length > MaxStackInput ? new byte[length] : stackalloc byte[MaxStackInput];
        input = input[..length];
        input[0] = SuiteString;
        input[1] = EncodeToCurveDomain;
        publicKey.CopyTo(input[2..]);
        alpha.CopyTo(input[(2 + publicKey.Length)..]);
        input[^1] = DomainBackSeparator;

        Span<byte> digest = stackalloc byte[32];
        for (var ctr = 0; ctr < 256; ctr++)
        {
            input[^2] = (byte)ctr;
            SHA256.HashData(input, digest);
            if (Lift(digest, oddY: false) is { } point)
            {
                return point;
            }
        }

        return null;
    }

    /// <summary>RFC 6979 nonce over SHA-256 with message point_to_string(H) (§5.4.2.1).</summary>
    private static BigInteger Nonce(BigInteger x, ReadOnlySpan<byte> hString)
    {
        var calculator = new HMacDsaKCalculator(new Sha256Digest());
        calculator.Init(N, x, SHA256.HashData(hString));
        return calculator.NextK();
    }

    /// <summary>c = first 16 bytes of SHA-256(suite ‖ 0x02 ‖ Y ‖ H ‖ Gamma ‖ U ‖ V ‖ 0x00) (§5.4.3).</summary>
    private static void Challenge(
        ReadOnlySpan<byte> y, ReadOnlySpan<byte> h, ReadOnlySpan<byte> gamma, ECPoint u, ECPoint v, Span<byte> c)
    {
        Span<byte> input = stackalloc byte[2 + (5 * PointLength) + 1];
        input[0] = SuiteString;
        input[1] = ChallengeDomain;
        y.CopyTo(input[2..]);
        h.CopyTo(input[(2 + PointLength)..]);
        gamma.CopyTo(input[(2 + (2 * PointLength))..]);
        u.Normalize().EncodeTo(true, input.Slice(2 + (3 * PointLength), PointLength));
        v.Normalize().EncodeTo(true, input.Slice(2 + (4 * PointLength), PointLength));
        input[^1] = DomainBackSeparator;

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        digest[..ChallengeLength].CopyTo(c);
    }

    private static void HashGamma(ReadOnlySpan<byte> gamma, Span<byte> beta)
    {
        Span<byte> input = stackalloc byte[2 + PointLength + 1];
        input[0] = SuiteString;
        input[1] = ProofToHashDomain;
        gamma.CopyTo(input[2..]);
        input[^1] = DomainBackSeparator;
        SHA256.HashData(input, beta);
    }

    /// <summary>ECVRF_decode_proof (§5.4.4): Gamma must decode, s must be below N.</summary>
    private static bool TryDecodeProof(ReadOnlySpan<byte> pi, out ECPoint gamma, out BigInteger c, out BigInteger s)
    {
        gamma = G;
        c = BigInteger.Zero;
        s = BigInteger.Zero;
        if (pi.Length != ProofLength || TryDecodePoint(pi[..PointLength]) is not { } point)
        {
            return false;
        }

        s = new BigInteger(1, pi.Slice(PointLength + ChallengeLength, ScalarLength));
        if (s.CompareTo(N) >= 0)
        {
            return false;
        }

        gamma = point;
        c = new BigInteger(1, pi.Slice(PointLength, ChallengeLength));
        return true;
    }

    /// <summary>string_to_point: SEC1 compressed only, on the curve; null otherwise.</summary>
    private static ECPoint? TryDecodePoint(ReadOnlySpan<byte> encoded) =>
        encoded.Length == PointLength && (encoded[0] == 0x02 || encoded[0] == 0x03)
            ? Lift(encoded[1..], oddY: encoded[0] == 0x03)
            : null;

    /// <summary>The curve point with x-coordinate x and the given y parity, or null (no exceptions).</summary>
    private static ECPoint? Lift(ReadOnlySpan<byte> xBytes, bool oddY)
    {
        var xInt = new BigInteger(1, xBytes);
        if (xInt.CompareTo(P) >= 0)
        {
            return null;
        }

        var x = Curve.FromBigInteger(xInt);
        var y = x.Square().Add(Curve.A).Multiply(x).Add(Curve.B).Sqrt();
        if (y is null)
        {
            return null;
        }

        if (y.TestBitZero() != oddY)
        {
            y = y.Negate();
        }

        return Curve.CreatePoint(xInt, y.ToBigInteger());
    }
}
