// A proof capsule (DESIGN.md §1 "Copy protection"): the payload (a proof) encrypted with AES-256-GCM
// under a fresh key, that key sealed by HPKE twice — to the user and to a temporary key the prover made
// for this workload — and a header binding workload id, prover id and slot that is the associated data
// of all three encryptions (the payload's also covers both sealed keys), so changing any byte makes every
// opening fail. Byte format: Grains/Crypto/README.md.
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ProverSim.Grains.Crypto;

/// <summary>Fills a buffer with fresh random bytes (the system RNG for users; a derived stream in a replayable run).</summary>
public delegate void RandomFill(Span<byte> destination);

/// <summary>What a capsule is bound to: the workload, the prover that made the proof and the slot it was made in.</summary>
public sealed record CapsuleBinding(long WorkloadId, long ProverId, long Slot);

/// <summary>A capsule's public header: its binding and the two recipients' public keys.</summary>
public sealed record CapsuleHeader(CapsuleBinding Binding, byte[] UserPublicKey, byte[] TempPublicKey);

public enum CapsuleError
{
    None,
    /// <summary>Not a capsule of this version, or cut short.</summary>
    Malformed,
    /// <summary>The key given is neither the user's nor the capsule's temporary key.</summary>
    NotARecipient,
    /// <summary>A part failed authentication: the header, a sealed key or the ciphertext was changed.</summary>
    Tampered,
    /// <summary>Opened with the temporary key, but the user's sealed key is not the same key sealed to the user.</summary>
    UserCannotOpen,
}

/// <summary>Which sealed key to open: the one the key given belongs to, or insist on one of them.</summary>
public enum CapsuleRecipient
{
    Any,
    User,
    Temporary,
}

/// <summary>The result of opening: the header and the payload, or why it did not open.</summary>
public sealed record CapsuleOpening(CapsuleError Error, CapsuleHeader? Header, byte[]? Payload)
{
    public bool Opened => Error == CapsuleError.None;
}

public static class ProofCapsule
{
    public const byte Version = 1;

    /// <summary>HPKE <c>info</c> of both sealed keys.</summary>
    public static ReadOnlySpan<byte> Info => "provsim/capsule/v1"u8;

    /// <summary>magic "PSC" ‖ version ‖ workload id ‖ prover id ‖ slot (i64 BE) ‖ user public key ‖ temp public key.</summary>
    public const int HeaderLength = 4 + (3 * 8) + (2 * Hpke.KeyLength);

    public const int DataKeyLength = 32;

    /// <summary>Header and both sealed keys: the associated data of the payload's AES-256-GCM.</summary>
    public const int SealedPrefixLength = HeaderLength + (2 * SealedKeyLength);
    public const int SealedKeyLength = Hpke.KeyLength + DataKeyLength + Hpke.TagLength;
    public const int Overhead = HeaderLength + (2 * SealedKeyLength) + Hpke.NonceLength + Hpke.KeyLength + Hpke.TagLength;

    /// <summary>Random bytes one seal consumes: data key, nonce and the two HPKE ephemeral keys' material.</summary>
    public const int RandomBytes = DataKeyLength + Hpke.NonceLength + (2 * Hpke.KeyLength);

    private static ReadOnlySpan<byte> Magic => "PSC"u8;

    public static byte[] Seal(CapsuleBinding binding, ReadOnlySpan<byte> userPublicKey, ReadOnlySpan<byte> tempPublicKey, ReadOnlySpan<byte> payload, RandomFill random)
    {
        Span<byte> fresh = stackalloc byte[RandomBytes];
        random(fresh);
        var dataKey = fresh[..DataKeyLength];
        var nonce = fresh.Slice(DataKeyLength, Hpke.NonceLength);
        var userIkm = fresh.Slice(DataKeyLength + Hpke.NonceLength, Hpke.KeyLength);
        var tempIkm = fresh[^Hpke.KeyLength..];

        var capsule = new byte[Overhead + payload.Length];
        var header = capsule.AsSpan(0, HeaderLength);
        WriteHeader(header, binding, userPublicKey, tempPublicKey);
        var at = HeaderLength;
        foreach (var (recipient, ikm) in new[] { (userPublicKey.ToArray(), userIkm.ToArray()), (tempPublicKey.ToArray(), tempIkm.ToArray()) })
        {
            var sealedKey = Hpke.Seal(recipient, Info, header, dataKey, ikm);
            sealedKey.Enc.CopyTo(capsule, at);
            sealedKey.Ciphertext.CopyTo(capsule, at + Hpke.KeyLength);
            at += SealedKeyLength;
        }

        // The encrypted body starts with the user part's ephemeral keying material: whoever opens with
        // the revealed temporary key can re-seal and check the user was sent the same data key.
        nonce.CopyTo(capsule.AsSpan(at));
        at += Hpke.NonceLength;
        byte[] inner = [.. userIkm, .. payload];
        using var aes = new AesGcm(dataKey, Hpke.TagLength);
        aes.Encrypt(nonce, inner, capsule.AsSpan(at, inner.Length), capsule.AsSpan(at + inner.Length, Hpke.TagLength), capsule.AsSpan(0, SealedPrefixLength));
        CryptographicOperations.ZeroMemory(inner);
        CryptographicOperations.ZeroMemory(fresh);
        return capsule;
    }

    /// <summary>The header of a capsule, or null when the bytes are not a capsule of this version.</summary>
    public static CapsuleHeader? ReadHeader(ReadOnlySpan<byte> capsule)
    {
        if (capsule.Length < Overhead || !capsule[..3].SequenceEqual(Magic) || capsule[3] != Version)
        {
            return null;
        }

        var binding = new CapsuleBinding(
            BinaryPrimitives.ReadInt64BigEndian(capsule[4..]),
            BinaryPrimitives.ReadInt64BigEndian(capsule[12..]),
            BinaryPrimitives.ReadInt64BigEndian(capsule[20..]));
        return new CapsuleHeader(binding, capsule.Slice(28, Hpke.KeyLength).ToArray(), capsule.Slice(28 + Hpke.KeyLength, Hpke.KeyLength).ToArray());
    }

    /// <summary>
    /// Opens a capsule with a recipient's secret key: the user's, or the temporary key the prover
    /// reveals. Which sealed key to use follows from the key's public half.
    /// </summary>
    public static CapsuleOpening Open(ReadOnlySpan<byte> capsule, ReadOnlySpan<byte> secretKey, CapsuleRecipient recipient = CapsuleRecipient.Any)
    {
        var header = ReadHeader(capsule);
        if (header is null || secretKey.Length != Hpke.KeyLength)
        {
            return new CapsuleOpening(CapsuleError.Malformed, header, null);
        }

        var publicKey = Hpke.PublicKeyOf(secretKey);
        int part;
        if (recipient != CapsuleRecipient.Temporary && CryptographicOperations.FixedTimeEquals(publicKey, header.UserPublicKey))
        {
            part = 0;
        }
        else if (recipient != CapsuleRecipient.User && CryptographicOperations.FixedTimeEquals(publicKey, header.TempPublicKey))
        {
            part = 1;
        }
        else
        {
            return new CapsuleOpening(CapsuleError.NotARecipient, header, null);
        }

        var headerBytes = capsule[..HeaderLength];
        var sealedKey = capsule.Slice(HeaderLength + (part * SealedKeyLength), SealedKeyLength);
        var dataKey = Hpke.Open(secretKey, publicKey, sealedKey[..Hpke.KeyLength], Info, headerBytes, sealedKey[Hpke.KeyLength..]);
        if (dataKey is null)
        {
            return new CapsuleOpening(CapsuleError.Tampered, header, null);
        }

        var body = capsule[SealedPrefixLength..];
        var nonce = body[..Hpke.NonceLength];
        var ciphertext = body[Hpke.NonceLength..^Hpke.TagLength];
        var inner = new byte[ciphertext.Length];
        using var aes = new AesGcm(dataKey, Hpke.TagLength);
        try
        {
            aes.Decrypt(nonce, ciphertext, body[^Hpke.TagLength..], inner, capsule[..SealedPrefixLength]);
            if (part == 1)
            {
                var userPart = Hpke.Seal(header.UserPublicKey, Info, headerBytes, dataKey, inner.AsSpan(0, Hpke.KeyLength));
                var sent = capsule.Slice(HeaderLength, SealedKeyLength);
                if (!sent[..Hpke.KeyLength].SequenceEqual(userPart.Enc) || !sent[Hpke.KeyLength..].SequenceEqual(userPart.Ciphertext))
                {
                    return new CapsuleOpening(CapsuleError.UserCannotOpen, header, null);
                }
            }

            return new CapsuleOpening(CapsuleError.None, header, inner[Hpke.KeyLength..]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return new CapsuleOpening(CapsuleError.Tampered, header, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// A copy of <paramref name="capsule"/> whose header names another binding and, optionally, another
    /// temporary key (what a copier does: it cannot reseal the data key, which it never learns).
    /// </summary>
    public static byte[] Rebind(ReadOnlySpan<byte> capsule, CapsuleBinding binding, ReadOnlySpan<byte> tempPublicKey = default)
    {
        var header = ReadHeader(capsule) ?? throw new ArgumentException("not a capsule", nameof(capsule));
        var copy = capsule.ToArray();
        WriteHeader(copy.AsSpan(0, HeaderLength), binding, header.UserPublicKey, tempPublicKey.IsEmpty ? header.TempPublicKey : tempPublicKey);
        return copy;
    }

    private static void WriteHeader(Span<byte> header, CapsuleBinding binding, ReadOnlySpan<byte> userPublicKey, ReadOnlySpan<byte> tempPublicKey)
    {
        if (userPublicKey.Length != Hpke.KeyLength || tempPublicKey.Length != Hpke.KeyLength)
        {
            throw new ArgumentException($"Capsule recipients are X25519 public keys of {Hpke.KeyLength} bytes.");
        }

        Magic.CopyTo(header);
        header[3] = Version;
        BinaryPrimitives.WriteInt64BigEndian(header[4..], binding.WorkloadId);
        BinaryPrimitives.WriteInt64BigEndian(header[12..], binding.ProverId);
        BinaryPrimitives.WriteInt64BigEndian(header[20..], binding.Slot);
        userPublicKey.CopyTo(header[28..]);
        tempPublicKey.CopyTo(header[(28 + Hpke.KeyLength)..]);
    }
}
