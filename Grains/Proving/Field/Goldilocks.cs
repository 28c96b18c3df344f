// The Goldilocks prime field F_p, p = 2^64 - 2^32 + 1 (KERNEL.md §2): elements are ulongs in [0, p).
// Minimal for now (the VM needs + and -); the STARK issue adds multiplication, inverses and F_p2.
namespace ProverSim.Grains.Proving.Field;

public static class Goldilocks
{
    public const ulong P = 0xFFFF_FFFF_0000_0001;

    // 2^64 mod p = 2^32 - 1: adding it is the same as subtracting p modulo 2^64.
    private const ulong Epsilon = 0xFFFF_FFFF;

    public static bool IsCanonical(ulong value) => value < P;

    /// <summary>(a + b) mod p for canonical a and b, without branches.</summary>
    public static ulong Add(ulong a, ulong b)
    {
        var sum = a + b;
        var overflow = ((a & b) | ((a | b) & ~sum)) >> 63;
        // sum >= p exactly when sum + (2^32 - 1) carries out of 64 bits.
        var reduce = (sum & ~(sum + Epsilon)) >> 63;
        return sum + (Epsilon & (0UL - (overflow | reduce)));
    }

    /// <summary>(a - b) mod p for canonical a and b, without branches.</summary>
    public static ulong Sub(ulong a, ulong b)
    {
        var difference = a - b;
        var borrow = ((~a & b) | ((~a | b) & difference)) >> 63;
        return difference - (Epsilon & (0UL - borrow));
    }
}
