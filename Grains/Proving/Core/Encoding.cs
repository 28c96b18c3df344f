// Little-endian encodings of field elements (KERNEL.md §2): u64 per base element, (c0, c1) per
// extension element. Merkle leaves and proofs use them.
using System.Buffers.Binary;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Core;

public static class Encoding
{
    public static byte[] ToBytes(ReadOnlySpan<Fp2> values)
    {
        var bytes = new byte[16 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 * i), values[i].C0);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 * i + 8), values[i].C1);
        }

        return bytes;
    }

    public static byte[] ToBytes(Fp2[] values) => ToBytes(values.AsSpan());

    public static byte[] ToBytes(ReadOnlySpan<ulong> values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return bytes;
    }
}
