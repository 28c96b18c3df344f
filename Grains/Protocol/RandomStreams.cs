// Every random stream of a run is derived from (master seed, replication, purpose, entity id) and never
// shared (DESIGN.md §2), so adding a prover or reordering calls cannot shift anyone else's draws.
// The stream is SHA-256 in counter mode; it derives from System.Random so MathNet's distributions use it.
using System.Buffers.Binary;
using System.Text;

namespace ProverSim.Grains.Protocol;

public sealed class DerivedRandom : Random
{
    private readonly HashStream _stream;

    public DerivedRandom(long masterSeed, int replication, string purpose, long entityId)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var seed = new byte[8 + 4 + 8 + purposeBytes.Length];
        BinaryPrimitives.WriteInt64BigEndian(seed, masterSeed);
        BinaryPrimitives.WriteInt32BigEndian(seed.AsSpan(8), replication);
        BinaryPrimitives.WriteInt64BigEndian(seed.AsSpan(12), entityId);
        purposeBytes.CopyTo(seed, 20);
        _stream = new HashStream("provsim/stream/v1", seed);
    }

    public override double NextDouble() => (_stream.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    protected override double Sample() => NextDouble();

    public override int Next() => (int)_stream.NextBelow(int.MaxValue);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : (int)_stream.NextBelow((ulong)maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue == maxValue ? minValue : minValue + (int)_stream.NextBelow((ulong)((long)maxValue - minValue));
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue == maxValue ? minValue : minValue + (long)_stream.NextBelow((ulong)(maxValue - minValue));
    }

    public override void NextBytes(Span<byte> buffer)
    {
        Span<byte> block = stackalloc byte[8];
        for (var i = 0; i < buffer.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(block, _stream.NextUInt64());
            block[..Math.Min(8, buffer.Length - i)].CopyTo(buffer[i..]);
        }
    }

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());
}
