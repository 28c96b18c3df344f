// A verifiable stream of random numbers expanded from a seed (a VRF output or a derived seed):
// block i = SHA-256(domain ‖ 0x00 ‖ seed ‖ i as u64 big-endian). Anyone holding the seed replays the
// same draws, which makes allocations and market draws auditable (DESIGN.md §1 "Allocation", §2).
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ProverSim.Grains.Protocol;

public sealed class HashStream
{
    private readonly byte[] _prefix;
    private readonly byte[] _block = new byte[32];
    private ulong _counter;
    private int _used = 32;

    public HashStream(string domain, ReadOnlySpan<byte> seed)
    {
        var tag = Encoding.ASCII.GetBytes(domain);
        _prefix = new byte[tag.Length + 1 + seed.Length + 8];
        tag.CopyTo(_prefix, 0);
        seed.CopyTo(_prefix.AsSpan(tag.Length + 1));
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        if (_used == 32)
        {
            BinaryPrimitives.WriteUInt64BigEndian(_prefix.AsSpan(_prefix.Length - 8), _counter++);
            SHA256.HashData(_prefix, _block);
            _used = 0;
        }

        var value = BinaryPrimitives.ReadUInt64BigEndian(_block.AsSpan(_used));
        _used += 8;
        return value;
    }

    /// <summary>A uniform integer in [0, bound), without modulo bias (rejection sampling).</summary>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var limit = ulong.MaxValue - (ulong.MaxValue % bound + 1) % bound;
        while (true)
        {
            var value = NextUInt64();
            if (value <= limit)
            {
                return value % bound;
            }
        }
    }

    /// <summary>A uniform integer in [0, bound) for a 128-bit bound (stake totals may exceed 2^64).</summary>
    public UInt128 NextBelow(UInt128 bound)
    {
        if (bound <= ulong.MaxValue)
        {
            return NextBelow((ulong)bound);
        }

        var limit = UInt128.MaxValue - (UInt128.MaxValue % bound + 1) % bound;
        while (true)
        {
            var value = new UInt128(NextUInt64(), NextUInt64());
            if (value <= limit)
            {
                return value % bound;
            }
        }
    }

    /// <summary>True with probability <paramref name="ppm"/> / 10^6.</summary>
    public bool NextChance(long ppm) => (long)NextBelow((ulong)ProtocolParameters.Ppm) < ppm;
}
