// What a prover puts inside its capsule: the claim (cycles, inputs read, output) and the STARK proof.
// The claim is secret until the reveal like the proof itself: a copier sees neither. Layout:
// version 0x01 ‖ cycles (i64 BE) ‖ inputs read (i32 BE) ‖ output count n (i32 BE) ‖ n × u64 BE ‖ proof.
using System.Buffers.Binary;
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Provers;

public sealed record ProofPayload(long Cycles, int InputsRead, ImmutableArray<ulong> Output, byte[] Proof)
{
    private const byte Version = 1;
    private const int Fixed = 1 + 8 + 4 + 4;

    public byte[] Encode()
    {
        var bytes = new byte[Fixed + (8 * Output.Length) + Proof.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), Cycles);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(9), InputsRead);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(13), Output.Length);
        for (var i = 0; i < Output.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(Fixed + (8 * i)), Output[i]);
        }

        Proof.CopyTo(bytes, Fixed + (8 * Output.Length));
        return bytes;
    }

    /// <summary>The payload, or null when the bytes do not follow the layout.</summary>
    public static ProofPayload? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Fixed || bytes[0] != Version)
        {
            return null;
        }

        var cycles = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var inputsRead = BinaryPrimitives.ReadInt32BigEndian(bytes[9..]);
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes[13..]);
        if (cycles < 0 || inputsRead < 0 || count < 0 || count > (bytes.Length - Fixed) / 8)
        {
            return null;
        }

        var output = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            output[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes[(Fixed + (8 * i))..]);
        }

        return new ProofPayload(cycles, inputsRead, [.. output], bytes[(Fixed + (8 * count))..].ToArray());
    }
}
