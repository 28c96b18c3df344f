// HPKE base mode (RFC 9180 §5.1) with one suite: DHKEM(X25519, HKDF-SHA256) = 0x0020, HKDF-SHA256 =
// 0x0001, AES-128-GCM = 0x0001. Neither BouncyCastle nor .NET ships HPKE for C#, so the labelled key
// schedule is written here (a page) over X25519Arithmetic (libcrypto's or BouncyCastle's) and .NET's
// HKDF and AesGcm, and pinned by the RFC's A.1.1 vector. Proof capsules use it to seal their symmetric
// key (DESIGN.md §1).
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ProverSim.Grains.Crypto;

/// <summary>An encapsulated sender context's output: the KEM's <c>enc</c> and the sealed ciphertext.</summary>
public sealed record HpkeSealed(byte[] Enc, byte[] Ciphertext);

/// <summary>The key schedule's outputs (RFC 9180 §5.1), exposed for the known-answer test.</summary>
public sealed record HpkeContext(byte[] KeyScheduleContext, byte[] Secret, byte[] Key, byte[] BaseNonce, byte[] ExporterSecret);

public static class Hpke
{
    public const ushort KemId = 0x0020;
    public const ushort KdfId = 0x0001;
    public const ushort AeadId = 0x0001;

    /// <summary>Nsk = Npk = Nenc = Nsecret = 32 for X25519 / SHA-256.</summary>
    public const int KeyLength = 32;

    /// <summary>AES-128-GCM: Nk = 16, Nn = 12, Nt = 16.</summary>
    public const int AeadKeyLength = 16;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    private static ReadOnlySpan<byte> Version => "HPKE-v1"u8;

    private static readonly byte[] KemSuite = ["KEM"u8[0], "KEM"u8[1], "KEM"u8[2], 0x00, 0x20];

    private static readonly byte[] HpkeSuite = ["HPKE"u8[0], "HPKE"u8[1], "HPKE"u8[2], "HPKE"u8[3], 0x00, 0x20, 0x00, 0x01, 0x00, 0x01];

    /// <summary>DeriveKeyPair (RFC 9180 §7.1.3): a deterministic X25519 key pair from input keying material.</summary>
    public static (byte[] Secret, byte[] Public) DeriveKeyPair(ReadOnlySpan<byte> ikm)
    {
        var prk = LabeledExtract(KemSuite, [], "dkp_prk"u8, ikm);
        var secret = LabeledExpand(KemSuite, prk, "sk"u8, [], KeyLength);
        return (secret, PublicKeyOf(secret));
    }

    /// <summary>The X25519 public key of a 32-byte secret (the scalar is clamped by X25519 itself).</summary>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> secret)
    {
        RequireLength(secret, "secret key");
        var pk = new byte[KeyLength];
        X25519Arithmetic.Default.PublicKey(secret, pk);
        return pk;
    }

    /// <summary>SetupBaseS + Seal with sequence number 0: encrypts <paramref name="plaintext"/> to <paramref name="recipientPublic"/>.</summary>
    /// <param name="ephemeralIkm">Keying material for the ephemeral key (32 random bytes; fixed only in tests and replays).</param>
    public static HpkeSealed Seal(ReadOnlySpan<byte> recipientPublic, ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> ephemeralIkm)
    {
        var (enc, context) = SetupSender(recipientPublic, info, ephemeralIkm);
        var ciphertext = new byte[plaintext.Length + TagLength];
        using var aes = new AesGcm(context.Key, TagLength);
        aes.Encrypt(context.BaseNonce, plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length), aad);
        return new HpkeSealed(enc, ciphertext);
    }

    /// <summary>SetupBaseR + Open with sequence number 0; null when the key, enc, info, aad or ciphertext do not match.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> recipientSecret, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        RequireLength(recipientSecret, "recipient secret key");
        return Open(recipientSecret, PublicKeyOf(recipientSecret), enc, info, aad, ciphertext);
    }

    /// <summary>The same, for a caller that already holds the recipient's public key (one X25519 product fewer).</summary>
    public static byte[]? Open(
        ReadOnlySpan<byte> recipientSecret, ReadOnlySpan<byte> recipientPublic, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        if (enc.Length != KeyLength || ciphertext.Length < TagLength)
        {
            return null;
        }

        var context = SetupReceiver(recipientSecret, recipientPublic, enc, info);
        if (context is null)
        {
            return null;
        }

        var plaintext = new byte[ciphertext.Length - TagLength];
        using var aes = new AesGcm(context.Key, TagLength);
        try
        {
            aes.Decrypt(context.BaseNonce, ciphertext[..^TagLength], ciphertext[^TagLength..], plaintext, aad);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>Encap + KeySchedule for the sender: enc and the context.</summary>
    public static (byte[] Enc, HpkeContext Context) SetupSender(ReadOnlySpan<byte> recipientPublic, ReadOnlySpan<byte> info, ReadOnlySpan<byte> ephemeralIkm)
    {
        RequireLength(recipientPublic, "recipient public key");
        var (skE, pkE) = DeriveKeyPair(ephemeralIkm);
        var dh = Agree(skE, recipientPublic) ?? throw new CryptographicException("X25519 gave the all-zero shared secret: the recipient public key is a low-order point.");
        var sharedSecret = ExtractAndExpand(dh, pkE, recipientPublic);
        return (pkE, KeySchedule(sharedSecret, info));
    }

    /// <summary>Decap + KeySchedule for the recipient; null for a low-order enc.</summary>
    public static HpkeContext? SetupReceiver(ReadOnlySpan<byte> recipientSecret, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> info)
    {
        RequireLength(recipientSecret, "recipient secret key");
        return SetupReceiver(recipientSecret, PublicKeyOf(recipientSecret), enc, info);
    }

    /// <summary>Decap + KeySchedule with the recipient's public key given (it must be the secret's).</summary>
    public static HpkeContext? SetupReceiver(ReadOnlySpan<byte> recipientSecret, ReadOnlySpan<byte> recipientPublic, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> info)
    {
        RequireLength(recipientSecret, "recipient secret key");
        RequireLength(recipientPublic, "recipient public key");
        var dh = Agree(recipientSecret, enc);
        return dh is null ? null : KeySchedule(ExtractAndExpand(dh, enc, recipientPublic), info);
    }

    /// <summary>ExtractAndExpand of DHKEM (RFC 9180 §4.1): the KEM shared secret.</summary>
    public static byte[] SharedSecret(ReadOnlySpan<byte> ephemeralSecret, ReadOnlySpan<byte> recipientPublic)
    {
        var dh = Agree(ephemeralSecret, recipientPublic) ?? throw new CryptographicException("X25519 gave the all-zero shared secret.");
        return ExtractAndExpand(dh, PublicKeyOf(ephemeralSecret), recipientPublic);
    }

    /// <summary>KeySchedule for mode_base (no PSK): key, base nonce and exporter secret.</summary>
    public static HpkeContext KeySchedule(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> info)
    {
        var pskIdHash = LabeledExtract(HpkeSuite, [], "psk_id_hash"u8, []);
        var infoHash = LabeledExtract(HpkeSuite, [], "info_hash"u8, info);
        byte[] context = [0x00, .. pskIdHash, .. infoHash];
        var secret = LabeledExtract(HpkeSuite, sharedSecret, "secret"u8, []);
        return new HpkeContext(
            context,
            secret,
            LabeledExpand(HpkeSuite, secret, "key"u8, context, AeadKeyLength),
            LabeledExpand(HpkeSuite, secret, "base_nonce"u8, context, NonceLength),
            LabeledExpand(HpkeSuite, secret, "exp"u8, context, 32));
    }

    private static byte[] ExtractAndExpand(byte[] dh, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> recipientPublic)
    {
        var prk = LabeledExtract(KemSuite, [], "eae_prk"u8, dh);
        byte[] kemContext = [.. enc, .. recipientPublic];
        return LabeledExpand(KemSuite, prk, "shared_secret"u8, kemContext, KeyLength);
    }

    // X25519 with the all-zero output check RFC 9180 §7.1.4 requires (null for a low-order point).
    private static byte[]? Agree(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey)
    {
        var shared = new byte[KeyLength];
        return X25519Arithmetic.Default.TryAgree(secret, publicKey, shared) ? shared : null;
    }

    private static byte[] LabeledExtract(ReadOnlySpan<byte> suite, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> label, ReadOnlySpan<byte> ikm)
    {
        byte[] labeled = [.. Version, .. suite, .. label, .. ikm];
        var prk = new byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, labeled, salt, prk);
        return prk;
    }

    private static byte[] LabeledExpand(ReadOnlySpan<byte> suite, ReadOnlySpan<byte> prk, ReadOnlySpan<byte> label, ReadOnlySpan<byte> info, int length)
    {
        var prefix = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, checked((ushort)length));
        byte[] labeled = [.. prefix, .. Version, .. suite, .. label, .. info];
        var output = new byte[length];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, labeled);
        return output;
    }

    private static void RequireLength(ReadOnlySpan<byte> key, string what)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"An X25519 {what} is {KeyLength} bytes, got {key.Length}.");
        }
    }
}
