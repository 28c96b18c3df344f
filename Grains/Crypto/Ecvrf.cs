// ECVRF-P256-SHA256-TAI (RFC 9381, suite 0x01): the verifiable random function behind allocation
// randomness. Prove turns (key, alpha) into a proof pi; anyone with the public key checks pi and reads
// the same output beta, so the beacon cannot choose its draw (CRYPTO.md "ECVRF"). The curve arithmetic
// comes from P256Arithmetic (the system's libcrypto, or the project's managed P-256), points are encoded
// and decoded in the managed field; BouncyCastle supplies the RFC 6979 nonce and the scalars mod N.
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;
using ProverSim.Grains.Crypto.P256;

namespace ProverSim.Grains.Crypto;

public static class Ecvrf
{
    public const int ProofLength = PointLength + ChallengeLength + ScalarLength;
    public const int OutputLength = 32;

    internal const int PointLength = P256Curve.EncodedLength;
    internal const int ChallengeLength = 16;
    internal const int ScalarLength = 32;

    private const byte SuiteString = 0x01;
    private const byte EncodeToCurveDomain = 0x01;
    private const byte ChallengeDomain = 0x02;
    private const byte ProofToHashDomain = 0x03;
    private const byte DomainBackSeparator = 0x00;
    private const int MaxStackInput = 1024;

    internal static readonly BigInteger N = CustomNamedCurves.GetByName("P-256").N;

    /// <summary>Whose P-256 products this process uses: "openssl" (the system libcrypto) or "managed".</summary>
    public static string Arithmetic => P256Arithmetic.Default.Name;

    /// <summary>pi = Gamma (33) ‖ c (16) ‖ s (32) for input alpha (RFC 9381 §5.1).</summary>
    public static byte[] Prove(EcvrfKeyPair key, ReadOnlySpan<byte> alpha) => Prove(key, alpha, P256Arithmetic.Default);

    /// <summary>Checks pi against the public key and alpha (RFC 9381 §5.3); never throws.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> alpha, ReadOnlySpan<byte> pi, out byte[] beta) =>
        Verify(publicKey, alpha, pi, P256Arithmetic.Default, out beta);

    /// <summary>Prove with a chosen P-256 arithmetic (tests hold every implementation to the RFC).</summary>
    internal static byte[] Prove(EcvrfKeyPair key, ReadOnlySpan<byte> alpha, P256Arithmetic curve)
    {
        ArgumentNullException.ThrowIfNull(key);

        if (!EncodeToCurve(key.PublicKeySpan, alpha, out var h))
        {
            throw new InvalidOperationException("encode_to_curve found no point in 256 tries.");
        }

        Span<byte> hString = stackalloc byte[PointLength];
        P256Curve.Encode(h, hString);
        var k = Nonce(key.X, hString);
        Span<byte> kBytes = stackalloc byte[ScalarLength];
        BigIntegers.AsUnsignedByteArray(k, kBytes);

        // x, k ∈ [1, N) and H has order N: none of the three is the point at infinity.
        if (!curve.TryMultiply(h, key.SecretSpan, out var gamma)
            || !curve.TryMultiplyBase(kBytes, out var u)
            || !curve.TryMultiply(h, kBytes, out var v))
        {
            throw new InvalidOperationException("An ECVRF product was the point at infinity.");
        }

        var pi = new byte[ProofLength];
        var piSpan = pi.AsSpan();
        P256Curve.Encode(gamma, piSpan[..PointLength]);
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
        if (!TryDecodeProof(pi, out _))
        {
            throw new ArgumentException("The ECVRF proof does not decode.", nameof(pi));
        }

        var beta = new byte[OutputLength];
        HashGamma(pi[..PointLength], beta);
        return beta;
    }

    /// <summary>Verify with a chosen P-256 arithmetic.</summary>
    internal static bool Verify(
        ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> alpha, ReadOnlySpan<byte> pi, P256Arithmetic curve, out byte[] beta)
    {
        beta = [];
        if (!TryDecodeProof(pi, out var gamma)
            || !P256Curve.TryDecode(publicKey, out var y)
            || !EncodeToCurve(publicKey, alpha, out var h))
        {
            return false;
        }

        // U = s·G − c·Y and V = s·H − c·Gamma, with −c applied to the points (c has 128 bits).
        Span<byte> scalars = stackalloc byte[2 * ScalarLength];
        var s = scalars[..ScalarLength];
        var c = scalars[ScalarLength..];
        pi.Slice(PointLength + ChallengeLength, ScalarLength).CopyTo(s);
        c.Clear();
        pi.Slice(PointLength, ChallengeLength).CopyTo(c[(ScalarLength - ChallengeLength)..]);

        P256Affine u, v;
        try
        {
            if (!curve.TryCombine(s, [y.Negate()], c, out u) || !curve.TryCombine([], [h, gamma.Negate()], scalars, out v))
            {
                return false;
            }
        }
        catch (InvalidOperationException)
        {
            // libcrypto refused a point: a proof it cannot check does not verify.
            return false;
        }

        Span<byte> hString = stackalloc byte[PointLength];
        P256Curve.Encode(h, hString);
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

    /// <summary>x·G, SEC1-compressed: the public key of secret x (32 bytes big-endian).</summary>
    internal static byte[] PublicKeyOf(ReadOnlySpan<byte> secret32)
    {
        if (!P256Arithmetic.Default.TryMultiplyBase(secret32, out var y))
        {
            throw new ArgumentException("An ECVRF secret must lie in [1, N).", nameof(secret32));
        }

        var encoded = new byte[PointLength];
        P256Curve.Encode(y, encoded);
        return encoded;
    }

    /// <summary>Try-and-increment (§5.4.1.1): first ctr with SHA-256(suite ‖ 0x01 ‖ PK ‖ alpha ‖ ctr ‖ 0x00) a valid x.</summary>
    private static bool EncodeToCurve(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> alpha, out P256Affine h)
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
            if (P256Curve.TryLift(digest, oddY: false, out h))
            {
                return true;
            }
        }

        h = default;
        return false;
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
        ReadOnlySpan<byte> y, ReadOnlySpan<byte> h, ReadOnlySpan<byte> gamma, in P256Affine u, in P256Affine v, Span<byte> c)
    {
        Span<byte> input = stackalloc byte[2 + (5 * PointLength) + 1];
        input[0] = SuiteString;
        input[1] = ChallengeDomain;
        y.CopyTo(input[2..]);
        h.CopyTo(input[(2 + PointLength)..]);
        gamma.CopyTo(input[(2 + (2 * PointLength))..]);
        P256Curve.Encode(u, input.Slice(2 + (3 * PointLength), PointLength));
        P256Curve.Encode(v, input.Slice(2 + (4 * PointLength), PointLength));
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
    private static bool TryDecodeProof(ReadOnlySpan<byte> pi, out P256Affine gamma)
    {
        gamma = default;
        return pi.Length == ProofLength
            && P256Curve.TryDecode(pi[..PointLength], out gamma)
            && new BigInteger(1, pi.Slice(PointLength + ChallengeLength, ScalarLength)).CompareTo(N) < 0;
    }
}
