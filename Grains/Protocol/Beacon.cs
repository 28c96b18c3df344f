// The network's randomness beacon inputs (DESIGN.md §1 "Allocation", §2.1 phase 0): the VRF input
// (alpha) for each epoch seed, each slot's challenge draw and each workload's allocation. The format
// is written into summary.json so that anyone can rebuild alpha and check the VRF proof.
using System.Buffers.Binary;
using System.Text;

namespace ProverSim.Grains.Protocol;

public static class Beacon
{
    public const string EpochTag = "provsim/epoch/v1";
    public const string SlotTag = "provsim/slot/v1";
    public const string AllocationTag = "provsim/alloc/v1";
    public const string KeyTag = "provsim/beacon-key/v1";

    public const string AlphaFormat =
        "epoch: ASCII(\"provsim/epoch/v1\") ‖ previous epoch seed (32 bytes; for epoch 0, SHA-256 of the big-endian master seed and replication) ‖ epoch (u64 big-endian); " +
        "slot: ASCII(\"provsim/slot/v1\") ‖ epoch seed ‖ slot (u64 big-endian); " +
        "allocation: ASCII(\"provsim/alloc/v1\") ‖ epoch seed ‖ workload id (u64 big-endian). The epoch seed is the epoch VRF's beta.";

    /// <summary>The seed before epoch 0, from the run's master seed and replication.</summary>
    public static byte[] GenesisSeed(long masterSeed, int replication)
    {
        Span<byte> buffer = stackalloc byte[12];
        BinaryPrimitives.WriteInt64BigEndian(buffer, masterSeed);
        BinaryPrimitives.WriteInt32BigEndian(buffer[8..], replication);
        return System.Security.Cryptography.SHA256.HashData(buffer);
    }

    /// <summary>
    /// The seed material of the beacon's key pair: SHA-256 of ASCII("provsim/beacon-key/v1") ‖ master
    /// seed (i64 BE) ‖ replication (i32 BE) — a derivation of its own, so that nothing the results publish
    /// (the genesis seed is inside epoch 0's alpha) gives the key away; only the public key is published.
    /// </summary>
    public static byte[] KeySeed(long masterSeed, int replication)
    {
        var tag = Encoding.ASCII.GetBytes(KeyTag);
        var buffer = new byte[tag.Length + 12];
        tag.CopyTo(buffer, 0);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(tag.Length), masterSeed);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(tag.Length + 8), replication);
        return System.Security.Cryptography.SHA256.HashData(buffer);
    }

    public static byte[] EpochAlpha(ReadOnlySpan<byte> previousSeed, long epoch) => Alpha(EpochTag, previousSeed, epoch);

    public static byte[] SlotAlpha(ReadOnlySpan<byte> epochSeed, long slot) => Alpha(SlotTag, epochSeed, slot);

    public static byte[] AllocationAlpha(ReadOnlySpan<byte> epochSeed, long workloadId) => Alpha(AllocationTag, epochSeed, workloadId);

    private static byte[] Alpha(string tag, ReadOnlySpan<byte> seed, long number)
    {
        var tagBytes = Encoding.ASCII.GetBytes(tag);
        var alpha = new byte[tagBytes.Length + seed.Length + 8];
        tagBytes.CopyTo(alpha, 0);
        seed.CopyTo(alpha.AsSpan(tagBytes.Length));
        BinaryPrimitives.WriteInt64BigEndian(alpha.AsSpan(tagBytes.Length + seed.Length), number);
        return alpha;
    }
}
