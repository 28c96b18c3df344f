// The base field of NIST P-256, p = 2^256 − 2^224 + 2^192 + 2^96 − 1, as four 64-bit limbs in
// Montgomery form (R = 2^256). p ≡ −1 mod 2^64 makes each reduction step's quotient the low limb itself,
// and p's sparse limbs turn three of its four products into shifts (the ECVRF's hot path). The heavy
// operations are compiled fully optimised at once: a beacon's first thousands of proofs must not run
// unoptimised code while the runtime's tiering waits.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ProverSim.Grains.Crypto.P256;

/// <summary>An element of GF(p), little-endian limbs in Montgomery form (a·2^256 mod p), always below p.</summary>
internal readonly struct P256Field : IEquatable<P256Field>
{
    private const ulong P0 = 0xFFFFFFFFFFFFFFFF;
    private const ulong P1 = 0x00000000FFFFFFFF;
    private const ulong P2 = 0x0000000000000000;
    private const ulong P3 = 0xFFFFFFFF00000001;

    public readonly ulong L0;
    public readonly ulong L1;
    public readonly ulong L2;
    public readonly ulong L3;

    public P256Field(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static P256Field Zero => default;

    /// <summary>1 in Montgomery form: 2^256 mod p.</summary>
    public static P256Field One => new(0x0000000000000001, 0xFFFFFFFF00000000, 0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFE);

    /// <summary>2^512 mod p, which takes an integer into Montgomery form.</summary>
    private static P256Field RSquared => new(0x0000000000000003, 0xFFFFFFFBFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 0x00000004FFFFFFFD);

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>The element for a 32-byte big-endian integer, or false when it is not below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFromBytes(ReadOnlySpan<byte> bigEndian32, out P256Field value)
    {
        var a3 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32);
        var a2 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[8..]);
        var a1 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[16..]);
        var a0 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[24..]);
        if (!LessThanP(a0, a1, a2, a3))
        {
            value = default;
            return false;
        }

        value = new P256Field(a0, a1, a2, a3) * RSquared;
        return true;
    }

    /// <summary>The canonical integer, 32 bytes big-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteBytes(Span<byte> bigEndian32)
    {
        var plain = FromMontgomery();
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian32, plain.L3);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian32[8..], plain.L2);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian32[16..], plain.L1);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian32[24..], plain.L0);
    }

    /// <summary>Whether the canonical integer is odd (the sign of y in a compressed point).</summary>
    public bool IsOdd => (FromMontgomery().L0 & 1) == 1;

    public static P256Field operator +(in P256Field a, in P256Field b)
    {
        ulong carry = 0;
        var r0 = AddCarry(a.L0, b.L0, ref carry);
        var r1 = AddCarry(a.L1, b.L1, ref carry);
        var r2 = AddCarry(a.L2, b.L2, ref carry);
        var r3 = AddCarry(a.L3, b.L3, ref carry);
        return ReduceOnce(r0, r1, r2, r3, carry);
    }

    public static P256Field operator -(in P256Field a, in P256Field b)
    {
        ulong borrow = 0;
        var r0 = SubBorrow(a.L0, b.L0, ref borrow);
        var r1 = SubBorrow(a.L1, b.L1, ref borrow);
        var r2 = SubBorrow(a.L2, b.L2, ref borrow);
        var r3 = SubBorrow(a.L3, b.L3, ref borrow);

        // Add p back when the difference went below zero (mask is all ones then).
        var mask = 0 - borrow;
        ulong carry = 0;
        r0 = AddCarry(r0, P0 & mask, ref carry);
        r1 = AddCarry(r1, P1 & mask, ref carry);
        r2 = AddCarry(r2, P2 & mask, ref carry);
        r3 = AddCarry(r3, P3 & mask, ref carry);
        return new P256Field(r0, r1, r2, r3);
    }

    public static P256Field operator -(in P256Field a) => Zero - a;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static P256Field operator *(in P256Field a, in P256Field b)
    {
        // The 512-bit product, operand scanning.
        ulong t0, t1, t2, t3, t4, t5, t6, t7;
        ulong c;
        (c, t0) = MulAdd(a.L0, b.L0, 0, 0);
        (c, t1) = MulAdd(a.L0, b.L1, 0, c);
        (c, t2) = MulAdd(a.L0, b.L2, 0, c);
        (t4, t3) = MulAdd(a.L0, b.L3, 0, c);

        (c, t1) = MulAdd(a.L1, b.L0, t1, 0);
        (c, t2) = MulAdd(a.L1, b.L1, t2, c);
        (c, t3) = MulAdd(a.L1, b.L2, t3, c);
        (t5, t4) = MulAdd(a.L1, b.L3, t4, c);

        (c, t2) = MulAdd(a.L2, b.L0, t2, 0);
        (c, t3) = MulAdd(a.L2, b.L1, t3, c);
        (c, t4) = MulAdd(a.L2, b.L2, t4, c);
        (t6, t5) = MulAdd(a.L2, b.L3, t5, c);

        (c, t3) = MulAdd(a.L3, b.L0, t3, 0);
        (c, t4) = MulAdd(a.L3, b.L1, t4, c);
        (c, t5) = MulAdd(a.L3, b.L2, t5, c);
        (t7, t6) = MulAdd(a.L3, b.L3, t6, c);

        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public P256Field Square()
    {
        // Cross products once, doubled, then the squares on the diagonal.
        ulong c;
        ulong t1, t2, t3, t4, t5, t6, t7;
        (c, t1) = MulAdd(L0, L1, 0, 0);
        (c, t2) = MulAdd(L0, L2, 0, c);
        (t4, t3) = MulAdd(L0, L3, 0, c);
        (c, t3) = MulAdd(L1, L2, t3, 0);
        (t5, t4) = MulAdd(L1, L3, t4, c);
        (t6, t5) = MulAdd(L2, L3, t5, 0);

        t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;

        ulong carry = 0;
        var h0 = Mul128(L0, L0, out var t0);
        t1 = AddCarry(t1, h0, ref carry);
        var h1 = Mul128(L1, L1, out var l1);
        t2 = AddCarry(t2, l1, ref carry);
        t3 = AddCarry(t3, h1, ref carry);
        var h2 = Mul128(L2, L2, out var l2);
        t4 = AddCarry(t4, l2, ref carry);
        t5 = AddCarry(t5, h2, ref carry);
        var h3 = Mul128(L3, L3, out var l3);
        t6 = AddCarry(t6, l3, ref carry);
        t7 = AddCarry(t7, h3, ref carry);

        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>a^(2^n): n squarings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public P256Field SquareTimes(int n)
    {
        var r = this;
        for (var i = 0; i < n; i++)
        {
            r = r.Square();
        }

        return r;
    }

    /// <summary>a^(p−2) = a^−1 (zero stays zero), by a fixed addition chain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public P256Field Invert()
    {
        // p − 2 = ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff fffffffd.
        var x2 = Square() * this;
        var x4 = x2.SquareTimes(2) * x2;
        var x8 = x4.SquareTimes(4) * x4;
        var x16 = x8.SquareTimes(8) * x8;
        var x24 = x16.SquareTimes(8) * x8;
        var x28 = x24.SquareTimes(4) * x4;
        var x30 = x28.SquareTimes(2) * x2;
        var x32 = x30.SquareTimes(2) * x2;

        var r = x32.SquareTimes(32) * this;
        r = r.SquareTimes(128) * x32;
        r = r.SquareTimes(32) * x32;
        r = r.SquareTimes(30) * x30;
        return r.SquareTimes(2) * this;
    }

    /// <summary>A square root (a^((p+1)/4), p ≡ 3 mod 4), or false when a is not a square.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TrySqrt(out P256Field root)
    {
        // (p + 1) / 4 = 2^254 − 2^222 + 2^190 + 2^94: thirty-two ones, then a one at bits 190 and 94.
        var x2 = Square() * this;
        var x4 = x2.SquareTimes(2) * x2;
        var x8 = x4.SquareTimes(4) * x4;
        var x16 = x8.SquareTimes(8) * x8;
        var x32 = x16.SquareTimes(16) * x16;

        var r = x32.SquareTimes(32) * this;
        r = r.SquareTimes(96) * this;
        r = r.SquareTimes(94);
        root = r;
        return r.Square() == this;
    }

    public static bool operator ==(in P256Field a, in P256Field b) => a.Equals(b);

    public static bool operator !=(in P256Field a, in P256Field b) => !a.Equals(b);

    public bool Equals(P256Field other) =>
        ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;

    public override bool Equals(object? obj) => obj is P256Field other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);

    private P256Field FromMontgomery() => Reduce(L0, L1, L2, L3, 0, 0, 0, 0);

    /// <summary>Montgomery reduction of a 512-bit t below p·2^256: t·2^−256 mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static P256Field Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        // Written out limb by limb (a loop over a span costs the managed ECVRF half its speed).
        ulong t8 = 0;
        var c = Step(t0, ref t1, ref t2, ref t3, ref t4);
        t5 = AddCarry(t5, 0, ref c);
        t6 = AddCarry(t6, 0, ref c);
        t7 = AddCarry(t7, 0, ref c);
        t8 += c;
        c = Step(t1, ref t2, ref t3, ref t4, ref t5);
        t6 = AddCarry(t6, 0, ref c);
        t7 = AddCarry(t7, 0, ref c);
        t8 += c;
        c = Step(t2, ref t3, ref t4, ref t5, ref t6);
        t7 = AddCarry(t7, 0, ref c);
        t8 += c;
        c = Step(t3, ref t4, ref t5, ref t6, ref t7);
        t8 += c;
        return ReduceOnce(t4, t5, t6, t7, t8);
    }

    // Adds q·p to the limbs from q's up, with q the lowest limb (p ≡ −1 mod 2^64), which clears it:
    // q·p0 + q = q·2^64, so the limb above gains q + q·p1 = q·2^32, and the one three above q·p3.
    // Returns the carry out of a4.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong q, ref ulong a1, ref ulong a2, ref ulong a3, ref ulong a4)
    {
        ulong carry = 0;
        a1 = AddCarry(a1, q << 32, ref carry);
        a2 = AddCarry(a2, q >> 32, ref carry);
        var hi = Mul128(q, P3, out var lo);
        a3 = AddCarry(a3, lo, ref carry);
        a4 = AddCarry(a4, hi, ref carry);
        return carry;
    }

    /// <summary>(r4·2^256 + r) mod p for a value below 2p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static P256Field ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3, ulong r4)
    {
        ulong borrow = 0;
        var s0 = SubBorrow(r0, P0, ref borrow);
        var s1 = SubBorrow(r1, P1, ref borrow);
        var s2 = SubBorrow(r2, P2, ref borrow);
        var s3 = SubBorrow(r3, P3, ref borrow);
        _ = SubBorrow(r4, 0, ref borrow);

        // Keep r when subtracting p went below zero.
        var keep = 0 - borrow;
        return new P256Field(
            (r0 & keep) | (s0 & ~keep),
            (r1 & keep) | (s1 & ~keep),
            (r2 & keep) | (s2 & ~keep),
            (r3 & keep) | (s3 & ~keep));
    }

    private static bool LessThanP(ulong a0, ulong a1, ulong a2, ulong a3)
    {
        ulong borrow = 0;
        _ = SubBorrow(a0, P0, ref borrow);
        _ = SubBorrow(a1, P1, ref borrow);
        _ = SubBorrow(a2, P2, ref borrow);
        _ = SubBorrow(a3, P3, ref borrow);
        return borrow == 1;
    }

    /// <summary>
    /// The 128-bit product as (high, low). With BMI2 the high half comes from mulx and the low from imul,
    /// both in registers (Math.BigMul's out parameter goes through memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mul128(ulong a, ulong b, out ulong low)
    {
        if (Bmi2.X64.IsSupported)
        {
            low = a * b;
            return Bmi2.X64.MultiplyNoFlags(a, b);
        }

        return Math.BigMul(a, b, out low);
    }

    /// <summary>a·b + add + carry as (high, low); never overflows 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong High, ulong Low) MulAdd(ulong a, ulong b, ulong add, ulong carry)
    {
        var hi = Mul128(a, b, out var lo);
        lo += add;
        hi += lo < add ? 1UL : 0UL;
        lo += carry;
        hi += lo < carry ? 1UL : 0UL;
        return (hi, lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddCarry(ulong a, ulong b, ref ulong carry)
    {
        var sum = a + b;
        var c1 = sum < a ? 1UL : 0UL;
        var result = sum + carry;
        var c2 = result < sum ? 1UL : 0UL;
        carry = c1 | c2;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubBorrow(ulong a, ulong b, ref ulong borrow)
    {
        var diff = a - b;
        var b1 = a < b ? 1UL : 0UL;
        var result = diff - borrow;
        var b2 = diff < borrow ? 1UL : 0UL;
        borrow = b1 | b2;
        return result;
    }
}
