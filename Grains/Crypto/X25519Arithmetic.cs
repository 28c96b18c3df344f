// X25519 (RFC 7748) for the HPKE of proof capsules, behind one small interface: the system's libcrypto
// (LibCrypto) where it loads and agrees with BouncyCastle on a self-check (two key pairs and their
// agreement both ways), BouncyCastle everywhere else. Every job in a run makes about eight of these products (a temporary key, two
// encapsulations, the validator's opening and re-seal), so their speed is a share of every job's cost.
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace ProverSim.Grains.Crypto;

internal abstract class X25519Arithmetic
{
    public const int KeyLength = 32;

    private static readonly Lazy<X25519Arithmetic> Chosen = new(Choose);

    /// <summary>libcrypto's X25519 when it loads and passes the self-check, else BouncyCastle's.</summary>
    public static X25519Arithmetic Default => Chosen.Value;

    /// <summary>"openssl" or "bouncycastle".</summary>
    public abstract string Name { get; }

    /// <summary>The public key X25519(secret, 9) of a 32-byte secret (clamped by X25519 itself).</summary>
    public void PublicKey(ReadOnlySpan<byte> secret, Span<byte> publicKey)
    {
        Require(secret, nameof(secret));
        Require(publicKey, nameof(publicKey));
        PublicKeyCore(secret, publicKey);
    }

    /// <summary>X25519(secret, peer); false when the result is all zero (a low-order peer key).</summary>
    public bool TryAgree(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> peer, Span<byte> shared)
    {
        Require(secret, nameof(secret));
        Require(peer, nameof(peer));
        Require(shared, nameof(shared));
        return TryAgreeCore(secret, peer, shared);
    }

    // Every key and result is exactly 32 bytes: a native implementation reads and writes that many.
    protected abstract void PublicKeyCore(ReadOnlySpan<byte> secret, Span<byte> publicKey);

    protected abstract bool TryAgreeCore(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> peer, Span<byte> shared);

    private static void Require(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"An X25519 key or secret is {KeyLength} bytes, got {key.Length}.", name);
        }
    }

    private static X25519Arithmetic Choose() =>
        OpenSslX25519.TryLoad() is { } openSsl && Agrees(openSsl, BouncyCastleX25519.Instance) ? openSsl : BouncyCastleX25519.Instance;

    private static bool Agrees(X25519Arithmetic candidate, X25519Arithmetic reference)
    {
        Span<byte> secretA = stackalloc byte[KeyLength];
        Span<byte> secretB = stackalloc byte[KeyLength];
        for (var i = 0; i < KeyLength; i++)
        {
            secretA[i] = (byte)((i * 29) + 3);
            secretB[i] = (byte)((i * 71) + 5);
        }

        Span<byte> buffers = stackalloc byte[6 * KeyLength];
        var publicA = buffers[..32];
        var publicB = buffers[32..64];
        var expected = buffers[64..96];
        var mine = buffers[96..128];
        var sharedMine = buffers[128..160];
        var sharedTheirs = buffers[160..];
        reference.PublicKey(secretA, publicA);
        reference.PublicKey(secretB, publicB);
        candidate.PublicKey(secretA, mine);
        return mine.SequenceEqual(publicA)
            && reference.TryAgree(secretA, publicB, expected)
            && candidate.TryAgree(secretA, publicB, sharedMine)
            && candidate.TryAgree(secretB, publicA, sharedTheirs)
            && sharedMine.SequenceEqual(expected)
            && sharedTheirs.SequenceEqual(expected);
    }
}

/// <summary>BouncyCastle's X25519 (<see cref="X25519"/>).</summary>
internal sealed class BouncyCastleX25519 : X25519Arithmetic
{
    public static readonly BouncyCastleX25519 Instance = new();

    private BouncyCastleX25519()
    {
    }

    public override string Name => "bouncycastle";

    protected override void PublicKeyCore(ReadOnlySpan<byte> secret, Span<byte> publicKey) => X25519.ScalarMultBase(secret, publicKey);

    protected override bool TryAgreeCore(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> peer, Span<byte> shared) =>
        X25519.CalculateAgreement(secret, peer, shared);
}

/// <summary>libcrypto's X25519 through its EVP_PKEY interface (OpenSSL 1.1.1 and 3).</summary>
internal sealed unsafe class OpenSslX25519 : X25519Arithmetic
{
    private const int NidX25519 = 1034;

    private readonly delegate* unmanaged<int, nint, byte*, nuint, nint> _newPrivate;
    private readonly delegate* unmanaged<int, nint, byte*, nuint, nint> _newPublic;
    private readonly delegate* unmanaged<nint, byte*, nuint*, int> _rawPublic;
    private readonly delegate* unmanaged<nint, void> _keyFree;
    private readonly delegate* unmanaged<nint, nint, nint> _ctxNew;
    private readonly delegate* unmanaged<nint, void> _ctxFree;
    private readonly delegate* unmanaged<nint, int> _deriveInit;
    private readonly delegate* unmanaged<nint, nint, int> _setPeer;
    private readonly delegate* unmanaged<nint, byte*, nuint*, int> _derive;
    private readonly delegate* unmanaged<void> _errClearError;

    private OpenSslX25519(nint[] f)
    {
        _newPrivate = (delegate* unmanaged<int, nint, byte*, nuint, nint>)f[0];
        _newPublic = (delegate* unmanaged<int, nint, byte*, nuint, nint>)f[1];
        _rawPublic = (delegate* unmanaged<nint, byte*, nuint*, int>)f[2];
        _keyFree = (delegate* unmanaged<nint, void>)f[3];
        _ctxNew = (delegate* unmanaged<nint, nint, nint>)f[4];
        _ctxFree = (delegate* unmanaged<nint, void>)f[5];
        _deriveInit = (delegate* unmanaged<nint, int>)f[6];
        _setPeer = (delegate* unmanaged<nint, nint, int>)f[7];
        _derive = (delegate* unmanaged<nint, byte*, nuint*, int>)f[8];
        _errClearError = (delegate* unmanaged<void>)f[9];
    }

    public override string Name => "openssl";

    public static OpenSslX25519? TryLoad()
    {
        string[] names =
        [
            "EVP_PKEY_new_raw_private_key", "EVP_PKEY_new_raw_public_key", "EVP_PKEY_get_raw_public_key", "EVP_PKEY_free",
            "EVP_PKEY_CTX_new", "EVP_PKEY_CTX_free", "EVP_PKEY_derive_init", "EVP_PKEY_derive_set_peer", "EVP_PKEY_derive",
            "ERR_clear_error",
        ];
        var functions = names.Select(LibCrypto.Export).ToArray();
        return functions.Any(f => f == 0) ? null : new OpenSslX25519(functions);
    }

    protected override void PublicKeyCore(ReadOnlySpan<byte> secret, Span<byte> publicKey)
    {
        var key = PrivateKey(secret);
        try
        {
            nuint length = KeyLength;
            fixed (byte* output = publicKey)
            {
                if (_rawPublic(key, output, &length) != 1 || length != KeyLength)
                {
                    throw Failed("EVP_PKEY_get_raw_public_key");
                }
            }
        }
        finally
        {
            _keyFree(key);
        }
    }

    protected override bool TryAgreeCore(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> peer, Span<byte> shared)
    {
        var key = PrivateKey(secret);
        nint peerKey = 0;
        nint ctx = 0;
        try
        {
            fixed (byte* peerBytes = peer)
            {
                peerKey = _newPublic(NidX25519, 0, peerBytes, KeyLength);
            }

            ctx = peerKey == 0 ? 0 : _ctxNew(key, 0);
            nuint length = KeyLength;
            int derived;
            fixed (byte* output = shared)
            {
                derived = ctx != 0 && _deriveInit(ctx) == 1 && _setPeer(ctx, peerKey) == 1 ? _derive(ctx, output, &length) : 0;
            }

            if (derived == 1 && length == KeyLength)
            {
                return true;
            }

            // libcrypto refuses an all-zero result (a low-order peer) and any failure alike: let
            // BouncyCastle say which it was, so that only a low-order peer reads as one.
            _errClearError();
            return BouncyCastleX25519.Instance.TryAgree(secret, peer, shared);
        }
        finally
        {
            _ctxFree(ctx);
            _keyFree(peerKey);
            _keyFree(key);
        }
    }

    private nint PrivateKey(ReadOnlySpan<byte> secret)
    {
        fixed (byte* bytes = secret)
        {
            var key = _newPrivate(NidX25519, 0, bytes, KeyLength);
            return key != 0 ? key : throw Failed("EVP_PKEY_new_raw_private_key");
        }
    }

    private InvalidOperationException Failed(string call)
    {
        _errClearError();
        return new InvalidOperationException($"libcrypto's {call} failed on an X25519 key.");
    }
}
