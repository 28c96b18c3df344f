// P-256 scalar products by the system's libcrypto (LibCrypto). Only the stable EC_POINT/BIGNUM calls are used; points
// travel uncompressed (decoding with a square root stays in the managed field) and libcrypto checks
// each is on the curve. When no libcrypto loads, P256Arithmetic falls back to the managed arithmetic.
namespace ProverSim.Grains.Crypto.P256;

internal sealed unsafe class OpenSslP256 : P256Arithmetic
{
    private const int NidPrime256v1 = 415;
    private const int UncompressedForm = 4;
    private const int UncompressedLength = 65;

    private readonly nint _group;
    private readonly delegate* unmanaged<nint> _bnCtxNew;
    private readonly delegate* unmanaged<nint, void> _bnCtxFree;
    private readonly delegate* unmanaged<byte*, int, nint, nint> _bnBin2Bn;
    private readonly delegate* unmanaged<nint, void> _bnFree;
    private readonly delegate* unmanaged<nint, nint> _pointNew;
    private readonly delegate* unmanaged<nint, void> _pointFree;
    private readonly delegate* unmanaged<nint, nint, byte*, nuint, nint, int> _oct2Point;
    private readonly delegate* unmanaged<nint, nint, int, byte*, nuint, nint, nuint> _point2Oct;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, nint, int> _mul;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, int> _add;
    private readonly delegate* unmanaged<nint, nint, int> _isAtInfinity;
    private readonly delegate* unmanaged<void> _errClearError;

    private OpenSslP256(nint[] f, nint group)
    {
        _bnCtxNew = (delegate* unmanaged<nint>)f[0];
        _bnCtxFree = (delegate* unmanaged<nint, void>)f[1];
        _bnBin2Bn = (delegate* unmanaged<byte*, int, nint, nint>)f[2];
        _bnFree = (delegate* unmanaged<nint, void>)f[3];
        _pointNew = (delegate* unmanaged<nint, nint>)f[4];
        _pointFree = (delegate* unmanaged<nint, void>)f[5];
        _oct2Point = (delegate* unmanaged<nint, nint, byte*, nuint, nint, int>)f[6];
        _point2Oct = (delegate* unmanaged<nint, nint, int, byte*, nuint, nint, nuint>)f[7];
        _mul = (delegate* unmanaged<nint, nint, nint, nint, nint, nint, int>)f[8];
        _add = (delegate* unmanaged<nint, nint, nint, nint, nint, int>)f[9];
        _isAtInfinity = (delegate* unmanaged<nint, nint, int>)f[10];
        _errClearError = (delegate* unmanaged<void>)f[11];
        _group = group;
    }

    public override string Name => "openssl";

    /// <summary>The system's libcrypto with P-256, or null when none loads or a call is missing.</summary>
    public static OpenSslP256? TryLoad()
    {
        string[] names =
        [
            "BN_CTX_new", "BN_CTX_free", "BN_bin2bn", "BN_free", "EC_POINT_new", "EC_POINT_free", "EC_POINT_oct2point",
            "EC_POINT_point2oct", "EC_POINT_mul", "EC_POINT_add", "EC_POINT_is_at_infinity", "ERR_clear_error",
        ];
        var functions = names.Select(LibCrypto.Export).ToArray();
        var groupNew = LibCrypto.Export("EC_GROUP_new_by_curve_name");
        if (groupNew == 0 || functions.Any(f => f == 0))
        {
            return null;
        }

        var group = ((delegate* unmanaged<int, nint>)groupNew)(NidPrime256v1);
        return group == 0 ? null : new OpenSslP256(functions, group);
    }

    public override bool TryCombine(
        ReadOnlySpan<byte> g, ReadOnlySpan<P256Affine> points, ReadOnlySpan<byte> scalars, out P256Affine r)
    {
        r = default;
        var ctx = _bnCtxNew();
        var result = _pointNew(_group);
        var term = _pointNew(_group);
        var q = _pointNew(_group);
        nint gBn = 0;
        nint m = 0;
        try
        {
            if (ctx == 0 || result == 0 || term == 0 || q == 0)
            {
                _errClearError();
                throw new OutOfMemoryException("libcrypto could not allocate a P-256 point.");
            }

            gBn = g.IsEmpty ? 0 : Bignum(g);
            if (points.IsEmpty)
            {
                Check(_mul(_group, result, gBn, 0, 0, ctx), "EC_POINT_mul");
            }

            for (var i = 0; i < points.Length; i++)
            {
                ToNative(points[i], q, ctx);
                m = Bignum(scalars.Slice(i * 32, 32));
                if (i == 0)
                {
                    Check(_mul(_group, result, gBn, q, m, ctx), "EC_POINT_mul");
                }
                else
                {
                    Check(_mul(_group, term, 0, q, m, ctx), "EC_POINT_mul");
                    Check(_add(_group, result, result, term, ctx), "EC_POINT_add");
                }

                _bnFree(m);
                m = 0;
            }

            return _isAtInfinity(_group, result) != 1 && FromNative(result, ctx, out r);
        }
        finally
        {
            _bnFree(m);
            _bnFree(gBn);
            _pointFree(q);
            _pointFree(term);
            _pointFree(result);
            _bnCtxFree(ctx);
        }
    }

    private nint Bignum(ReadOnlySpan<byte> bigEndian)
    {
        fixed (byte* bytes = bigEndian)
        {
            var bn = _bnBin2Bn(bytes, bigEndian.Length, 0);
            if (bn == 0)
            {
                _errClearError();
                throw new OutOfMemoryException("libcrypto could not allocate a scalar.");
            }

            return bn;
        }
    }

    private void ToNative(in P256Affine point, nint native, nint ctx)
    {
        Span<byte> encoded = stackalloc byte[UncompressedLength];
        encoded[0] = UncompressedForm;
        point.X.WriteBytes(encoded.Slice(1, 32));
        point.Y.WriteBytes(encoded.Slice(33, 32));
        fixed (byte* bytes = encoded)
        {
            Check(_oct2Point(_group, native, bytes, UncompressedLength, ctx), "EC_POINT_oct2point");
        }
    }

    private bool FromNative(nint native, nint ctx, out P256Affine point)
    {
        point = default;
        Span<byte> encoded = stackalloc byte[UncompressedLength];
        nuint written;
        fixed (byte* bytes = encoded)
        {
            written = _point2Oct(_group, native, UncompressedForm, bytes, UncompressedLength, ctx);
        }

        if (written != UncompressedLength
            || !P256Field.TryFromBytes(encoded.Slice(1, 32), out var x)
            || !P256Field.TryFromBytes(encoded.Slice(33, 32), out var y))
        {
            _errClearError();
            return false;
        }

        point = new P256Affine(x, y);
        return true;
    }

    private void Check(int status, string call)
    {
        if (status != 1)
        {
            _errClearError();
            throw new InvalidOperationException($"libcrypto's {call} failed on a P-256 point.");
        }
    }
}
