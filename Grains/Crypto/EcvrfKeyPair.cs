// A P-256 key pair for the allocation beacon's VRF (ECVRF-P256-SHA256-TAI, RFC 9381 suite 0x01).
// Derive gives each beacon a key fixed by its seed, so a whole run replays from the scenario seed.
using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace ProverSim.Grains.Crypto;

public sealed class EcvrfKeyPair
{
    private static ReadOnlySpan<byte> DeriveDomain => "provsim/beacon-key/v1"u8;

    private readonly byte[] _secret;
    private readonly byte[] _publicKey;

    private EcvrfKeyPair(BigInteger x)
    {
        X = x;
        _secret = x.ToByteArrayUnsigned();
        if (_secret.Length < Ecvrf.ScalarLength)
        {
            var padded = new byte[Ecvrf.ScalarLength];
            _secret.CopyTo(padded, Ecvrf.ScalarLength - _secret.Length);
            _secret = padded;
        }

        _publicKey = Ecvrf.PublicKeyOf(_secret);
    }

    /// <summary>SEC1 compressed public key Y = x·G (33 bytes).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>The secret scalar x, 32 bytes big-endian.</summary>
    public byte[] Secret => (byte[])_secret.Clone();

    internal BigInteger X { get; }

    internal ReadOnlySpan<byte> SecretSpan => _secret;

    internal ReadOnlySpan<byte> PublicKeySpan => _publicKey;

    /// <summary>A key from a 32-byte big-endian scalar x with 1 ≤ x &lt; N.</summary>
    public static EcvrfKeyPair FromSecret(ReadOnlySpan<byte> secret32)
    {
        if (secret32.Length != Ecvrf.ScalarLength)
        {
            throw new ArgumentException($"An ECVRF secret is {Ecvrf.ScalarLength} bytes, got {secret32.Length}.", nameof(secret32));
        }

        var x = new BigInteger(1, secret32);
        if (x.SignValue == 0 || x.CompareTo(Ecvrf.N) >= 0)
        {
            throw new ArgumentException("An ECVRF secret must lie in [1, N).", nameof(secret32));
        }

        return new EcvrfKeyPair(x);
    }

    /// <summary>Deterministic key: x = (SHA-256("provsim/beacon-key/v1" ‖ seedMaterial) mod (N − 1)) + 1.</summary>
    public static EcvrfKeyPair Derive(ReadOnlySpan<byte> seedMaterial)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(DeriveDomain);
        hash.AppendData(seedMaterial);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);

        var x = new BigInteger(1, digest).Mod(Ecvrf.N.Subtract(BigInteger.One)).Add(BigInteger.One);
        return new EcvrfKeyPair(x);
    }
}
