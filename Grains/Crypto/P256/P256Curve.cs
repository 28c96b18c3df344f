// Scalar multiplication on NIST P-256 for the ECVRF: a width-5 wNAF over a table of odd multiples
// for a variable point (the hashed input H, the public key), and a table of signed multiples of every
// 2^(6i)·G for the generator, so that k·G costs about 43 additions and no doublings. Not constant-time:
// the beacon's key is a simulation key (README "Cryptography"), and speed bounds every allocation.
using System.Buffers.Binary;

namespace ProverSim.Grains.Crypto.P256;

internal static class P256Curve
{
    public const int EncodedLength = 33;

    /// <summary>Entries of a variable point's table: P, 3P, …, 15P (wNAF width 5).</summary>
    public const int TableSize = 1 << (WnafWidth - 2);

    private const int WnafWidth = 5;
    private const int WnafLength = 257;
    private const int CombWidth = 6;
    private const int CombWindows = (256 + CombWidth) / CombWidth;
    private const int CombEntries = 1 << (CombWidth - 1);

    public static readonly P256Field B = Field("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");

    public static readonly P256Affine G = new(
        Field("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
        Field("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"));

    // window i holds j·2^(6i)·G for j = 1..32, at [i·32 + j − 1]; built on first use.
    private static readonly Lazy<P256Affine[]> BaseTable = new(BuildBaseTable);

    /// <summary>The point with x-coordinate x (32 bytes big-endian) and y of the given parity; false if none.</summary>
    public static bool TryLift(ReadOnlySpan<byte> x32, bool oddY, out P256Affine point)
    {
        point = default;
        if (!P256Field.TryFromBytes(x32, out var x))
        {
            return false;
        }

        var three = P256Field.One + P256Field.One + P256Field.One;
        var rhs = ((x.Square() - three) * x) + B;
        if (!rhs.TrySqrt(out var y))
        {
            return false;
        }

        if (y.IsOdd != oddY)
        {
            y = -y;
        }

        point = new P256Affine(x, y);
        return true;
    }

    /// <summary>SEC1 compressed decoding (0x02/0x03 ‖ x); false for any other form or a point off the curve.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out P256Affine point)
    {
        point = default;
        return encoded.Length == EncodedLength
            && (encoded[0] == 0x02 || encoded[0] == 0x03)
            && TryLift(encoded[1..], encoded[0] == 0x03, out point);
    }

    /// <summary>SEC1 compressed encoding, 33 bytes.</summary>
    public static void Encode(in P256Affine point, Span<byte> encoded)
    {
        encoded[0] = point.Y.IsOdd ? (byte)0x03 : (byte)0x02;
        point.X.WriteBytes(encoded.Slice(1, 32));
    }

    /// <summary>P, 3P, …, 15P in affine form, for <see cref="Multiply"/>.</summary>
    public static void OddMultiples(in P256Affine p, Span<P256Affine> table)
    {
        Span<P256Jacobian> odd = stackalloc P256Jacobian[TableSize];
        var twice = P256Jacobian.From(p).Double();
        odd[0] = P256Jacobian.From(p);
        for (var i = 1; i < TableSize; i++)
        {
            odd[i] = odd[i - 1].Add(twice);
        }

        P256Jacobian.ToAffine(odd, table);
    }

    /// <summary>k·P for a 32-byte big-endian k, from P's table of odd multiples.</summary>
    public static P256Jacobian Multiply(ReadOnlySpan<P256Affine> table, ReadOnlySpan<byte> scalar32)
    {
        Span<sbyte> naf = stackalloc sbyte[WnafLength];
        var top = Wnaf(scalar32, naf);
        var acc = P256Jacobian.Infinity;
        for (var i = top; i >= 0; i--)
        {
            acc = acc.Double();
            acc = AddDigit(acc, table, naf[i]);
        }

        return acc;
    }

    /// <summary>a·P + b·Q with one chain of doublings (Straus), from the two points' tables.</summary>
    public static P256Jacobian MultiplyTwo(
        ReadOnlySpan<P256Affine> tableP, ReadOnlySpan<byte> a32, ReadOnlySpan<P256Affine> tableQ, ReadOnlySpan<byte> b32)
    {
        Span<sbyte> nafA = stackalloc sbyte[WnafLength];
        Span<sbyte> nafB = stackalloc sbyte[WnafLength];
        var top = Math.Max(Wnaf(a32, nafA), Wnaf(b32, nafB));
        var acc = P256Jacobian.Infinity;
        for (var i = top; i >= 0; i--)
        {
            acc = acc.Double();
            acc = AddDigit(acc, tableP, nafA[i]);
            acc = AddDigit(acc, tableQ, nafB[i]);
        }

        return acc;
    }

    /// <summary>k·G for a 32-byte big-endian k: one table addition per signed 6-bit digit.</summary>
    public static P256Jacobian MultiplyBase(ReadOnlySpan<byte> scalar32)
    {
        var table = BaseTable.Value;
        Span<int> digits = stackalloc int[CombWindows];
        SignedDigits(scalar32, digits);
        var acc = P256Jacobian.Infinity;
        for (var i = 0; i < CombWindows; i++)
        {
            var d = digits[i];
            if (d > 0)
            {
                acc = acc.Add(table[(i * CombEntries) + d - 1]);
            }
            else if (d < 0)
            {
                acc = acc.Add(table[(i * CombEntries) - d - 1].Negate());
            }
        }

        return acc;
    }

    private static P256Jacobian AddDigit(in P256Jacobian acc, ReadOnlySpan<P256Affine> table, int digit) =>
        digit switch
        {
            > 0 => acc.Add(table[digit >> 1]),
            < 0 => acc.Add(table[(-digit) >> 1].Negate()),
            _ => acc,
        };

    /// <summary>
    /// Width-5 non-adjacent form of k (odd digits in (−16, 16), at least four zeros after each):
    /// k = Σ naf[i]·2^i. Returns the index of the highest non-zero digit, −1 for k = 0.
    /// </summary>
    private static int Wnaf(ReadOnlySpan<byte> scalar32, Span<sbyte> naf)
    {
        Span<ulong> k = stackalloc ulong[4];
        ReadLimbs(scalar32, k);
        naf.Clear();
        var top = -1;
        var carry = 0;
        var bit = 0;
        while (bit < WnafLength)
        {
            if (Bits(k, bit, 1) == carry)
            {
                bit++;
                continue;
            }

            var width = Math.Min(WnafWidth, WnafLength - bit);
            var word = Bits(k, bit, width) + carry;
            carry = (word >> (WnafWidth - 1)) & 1;
            word -= carry << WnafWidth;
            naf[bit] = (sbyte)word;
            top = bit;
            bit += width;
        }

        return top;
    }

    /// <summary>k = Σ digits[i]·2^(6i) with every digit in [−32, 32].</summary>
    private static void SignedDigits(ReadOnlySpan<byte> scalar32, Span<int> digits)
    {
        Span<ulong> k = stackalloc ulong[4];
        ReadLimbs(scalar32, k);
        var carry = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = Bits(k, i * CombWidth, CombWidth) + carry;
            carry = d > CombEntries ? 1 : 0;
            digits[i] = d - (carry << CombWidth);
        }
    }

    /// <summary>count (≤ 8) bits of k from bit position start; bits past 255 are zero.</summary>
    private static int Bits(ReadOnlySpan<ulong> k, int start, int count)
    {
        if (start >= 256)
        {
            return 0;
        }

        var limb = start >> 6;
        var shift = start & 63;
        var value = k[limb] >> shift;
        if (shift + count > 64 && limb < 3)
        {
            value |= k[limb + 1] << (64 - shift);
        }

        return (int)(value & ((1UL << count) - 1));
    }

    private static void ReadLimbs(ReadOnlySpan<byte> bigEndian32, Span<ulong> limbs)
    {
        limbs[3] = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32);
        limbs[2] = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[8..]);
        limbs[1] = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[16..]);
        limbs[0] = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[24..]);
    }

    private static P256Affine[] BuildBaseTable()
    {
        var points = new P256Jacobian[CombWindows * CombEntries];
        var window = P256Jacobian.From(G);
        for (var i = 0; i < CombWindows; i++)
        {
            var multiple = window;
            for (var j = 0; j < CombEntries; j++)
            {
                points[(i * CombEntries) + j] = multiple;
                multiple = multiple.Add(window);
            }

            for (var d = 0; d < CombWidth; d++)
            {
                window = window.Double();
            }
        }

        var table = new P256Affine[points.Length];
        P256Jacobian.ToAffine(points, table);
        return table;
    }

    private static P256Field Field(string hex) =>
        P256Field.TryFromBytes(Convert.FromHexString(hex), out var value)
            ? value
            : throw new InvalidOperationException("A P-256 constant is not below p.");
}
