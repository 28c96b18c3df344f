// The open market (DESIGN.md §1 "Declines and the open market"): each decline opens one slot; the
// contenders drawn for it race; the earliest valid proof (ties by VRF order) takes it and is rewarded
// like an allocated one; the reward schedule is unchanged and nothing beyond k proofs counts.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>A valid market proof for the open slot of declined rank <paramref name="Slot"/>: who, when, and its VRF order among the slot's contenders.</summary>
public sealed record MarketProof(int Slot, long ProverId, long FinishMicros, int VrfOrder);

public static class OpenMarket
{
    public const string Domain = "provsim/market/v1";

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

    /// <summary>
    /// The winner of each open slot among its valid proofs: the earliest finish, ties by VRF order (then
    /// id); a slot with no valid proof has no winner. Ordered by slot.
    /// </summary>
    public static IReadOnlyList<MarketProof> Winners(IEnumerable<MarketProof> validProofs) =>
        [.. validProofs.GroupBy(p => p.Slot).OrderBy(g => g.Key)
            .Select(g => g.OrderBy(p => p.FinishMicros).ThenBy(p => p.VrfOrder).ThenBy(p => p.ProverId).First())];

    /// <summary>
    /// Counts proofs toward k: allocated proofs and market winners, in finishing order; those beyond
    /// <paramref name="k"/> earn nothing.
    /// </summary>
    public static IReadOnlyList<CountedProof> Counted(IEnumerable<CountedProof> proofs, int k) =>
        [.. Rewards.FinishingOrder(proofs).Take(k)];
}
