// The open market (DESIGN.md §1 "Declines and the open market"): each decline opens one slot; any
// member may race for it; the earliest proof (ties by VRF order) takes it and is rewarded like an
// allocated one; the reward schedule is unchanged and nothing beyond k proofs counts.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>A market contender's result for one open slot; <paramref name="FinishMicros"/> null = did not finish.</summary>
public sealed record MarketAttempt(long ProverId, long? FinishMicros, int VrfOrder);

public static class OpenMarket
{
    public const string Domain = "provsim/market/v1";

    /// <summary>Each declined allocation opens exactly one slot.</summary>
    public static int OpenSlots(int declines) => declines;

    /// <summary>
    /// The candidates offered one open slot: up to <paramref name="count"/> distinct members drawn from
    /// <paramref name="takers"/> (sorted by id, excluding provers already on the workload) by the stream
    /// seeded with the workload's VRF output and the slot's index. Their order is the VRF order.
    /// </summary>
    public static ImmutableArray<long> Candidates(IReadOnlyList<Candidate> takers, ReadOnlySpan<byte> vrfOutput, int slotIndex, int count)
    {
        Span<byte> seed = stackalloc byte[vrfOutput.Length + 4];
        vrfOutput.CopyTo(seed);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(seed[vrfOutput.Length..], slotIndex);
        return Allocation.Draw(takers, seed, count, AllocationWeight.Uniform);
    }

    /// <summary>The winner of one open slot: the earliest finish, ties by VRF order; null if nobody finished.</summary>
    public static MarketAttempt? Winner(IEnumerable<MarketAttempt> attempts) =>
        attempts.Where(a => a.FinishMicros is not null)
            .OrderBy(a => a.FinishMicros)
            .ThenBy(a => a.VrfOrder)
            .FirstOrDefault();

    /// <summary>
    /// Counts proofs toward k: allocated proofs and market winners, in finishing order; those beyond
    /// <paramref name="k"/> earn nothing.
    /// </summary>
    public static IReadOnlyList<CountedProof> Counted(IEnumerable<CountedProof> proofs, int k) =>
        [.. Rewards.FinishingOrder(proofs).Take(k)];
}
