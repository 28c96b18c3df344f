// The little-endian reader and writer of the proof format; counts are u16, nodes are 32-byte hashes.
using System.Buffers.Binary;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Stark;

internal sealed class ProofWriter
{
    private readonly MemoryStream _stream = new();

    public void Byte(byte value) => _stream.WriteByte(value);

    public void Count(int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, checked((ushort)value));
        _stream.Write(bytes);
    }

    public void UInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _stream.Write(bytes);
    }

    public void Hash(byte[] hash) => _stream.Write(hash.Length == 32 ? hash : throw new ArgumentException("hashes are 32 bytes"));

    public void Bases(ulong[] values)
    {
        foreach (var v in values)
        {
            UInt64(v);
        }
    }

    public void Extensions(Fp2[] values)
    {
        foreach (var v in values)
        {
            UInt64(v.C0);
            UInt64(v.C1);
        }
    }

    public void Nodes(byte[][] nodes)
    {
        Count(nodes.Length);
        foreach (var node in nodes)
        {
            Hash(node);
        }
    }

    public byte[] ToArray() => _stream.ToArray();
}

internal sealed class ProofReader(byte[] bytes)
{
    private int _position;

    private ReadOnlySpan<byte> Take(int length)
    {
        if (_position + length > bytes.Length)
        {
            throw new FormatException("proof is truncated");
        }

        var span = bytes.AsSpan(_position, length);
        _position += length;
        return span;
    }

    public byte Byte() => Take(1)[0];

    public int Count(int max)
    {
        var value = BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
        return value <= max ? value : throw new FormatException($"count {value} exceeds {max}");
    }

    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public byte[] Hash() => Take(32).ToArray();

    private ulong Element()
    {
        var value = UInt64();
        return value < Goldilocks.P ? value : throw new FormatException("a field element is not canonical (≥ p)");
    }

    public ulong[] Bases(int count)
    {
        var values = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Element();
        }

        return values;
    }

    public Fp2[] Extensions(int count)
    {
        var values = new Fp2[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = new Fp2(Element(), Element());
        }

        return values;
    }

    public byte[][] Nodes()
    {
        var nodes = new byte[Count(4096)][];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = Hash();
        }

        return nodes;
    }

    public void End()
    {
        if (_position != bytes.Length)
        {
            throw new FormatException($"{bytes.Length - _position} trailing bytes after the proof");
        }
    }
}
