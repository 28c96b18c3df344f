// The open market (DESIGN.md §1 "Declines and the open market"): each decline opens one slot, and the
// declined slots of a workload are open together: every contender races for all of them, and the first
// m valid market proofs (ties by VRF order) take the m open slots, each rewarded like an allocated proof
// by the tier its finishing order earns; the reward schedule is unchanged and nothing beyond k counts.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>A valid market proof of a workload: who, when it was posted, and its VRF order among the workload's contenders.</summary>
public sealed record MarketProof(long ProverId, long FinishMicros, int VrfOrder);

public static class OpenMarket
{
    public const string Domain = "provsim/market/v1";

    /// <summary>
    /// The contenders of a workload's open slots: up to <paramref name="count"/> (market_candidates, a cap
    /// on how many race) distinct members drawn from <paramref name="takers"/> (sorted by id, excluding
    /// provers already on the workload) by the stream seeded with the workload's VRF output and
    /// <paramref name="slotIndex"/> (0 for the workload's one draw). Their order is the VRF order.
    /// </summary>
    public static ImmutableArray<long> Candidates(IReadOnlyList<Candidate> takers, ReadOnlySpan<byte> vrfOutput, int slotIndex, int count)
    {
        Span<byte> seed = stackalloc byte[vrfOutput.Length + 4];
        vrfOutput.CopyTo(seed);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(seed[vrfOutput.Length..], slotIndex);
        return Allocation.Draw(takers, seed, count, AllocationWeight.Uniform);
    }

    /// <summary>
    /// Who takes the <paramref name="openSlots"/> open slots of a workload: the first valid market proofs
    /// in finishing order (ties by VRF order, then id), as many as there are open slots.
    /// </summary>
    public static IReadOnlyList<MarketProof> Winners(IEnumerable<MarketProof> validProofs, int openSlots) =>
        [.. validProofs.OrderBy(p => p.FinishMicros).ThenBy(p => p.VrfOrder).ThenBy(p => p.ProverId).Take(Math.Max(0, openSlots))];

    /// <summary>
    /// Counts proofs toward k: allocated proofs and market winners, in finishing order; those beyond
    /// <paramref name="k"/> earn nothing.
    /// </summary>
    public static IReadOnlyList<CountedProof> Counted(IEnumerable<CountedProof> proofs, int k) =>
        [.. Rewards.FinishingOrder(proofs).Take(k)];
}
