// The mempool of one run (DESIGN.md §1 "Copy protection", §2.1 phase 6): public, append-only per
// workload until the workload settles. Anyone may read it — users, validators and copiers alike.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Mempool;

[Alias("provsim.IMempoolGrain")]
public interface IMempoolGrain : IGrainWithStringKey
{
    /// <summary>Posts capsules; posting the same (workload, poster) again replaces nothing and has no second effect.</summary>
    [Alias("Post")]
    Task PostAsync(ImmutableArray<CapsulePost> posts);

    /// <summary>
    /// A poster's capsule moved later in virtual time (its job was paused by a challenge, or the capsule a
    /// copier copied moved): replaces the (workload, poster) post. Replacing with the same post again has
    /// no second effect.
    /// </summary>
    [Alias("Repost")]
    Task RepostAsync(ImmutableArray<CapsulePost> posts);

    /// <summary>
    /// Phase 0: slot <paramref name="slot"/> begins. Reveals are kept in memory until the slot's end, so an
    /// activation that did not see the slot in flight begin refuses reveals and reads
    /// (<see cref="SlotStateLostException"/>): reveals made to the one before it are gone.
    /// </summary>
    [Alias("BeginSlot")]
    Task BeginSlotAsync(long slot);

    /// <summary>Publishes temporary secret keys (one per workload and prover).</summary>
    [Alias("Reveal")]
    Task RevealAsync(ImmutableArray<KeyReveal> reveals);

    /// <summary>The capsules and reveals of each workload asked for, ordered by (posted time, poster).</summary>
    [Alias("Read")]
    Task<ImmutableArray<WorkloadPosts>> ReadAsync(ImmutableArray<long> workloadIds);

    /// <summary>Drops settled workloads and persists the mempool at the slot boundary (phase 8).</summary>
    [Alias("EndSlot")]
    Task EndSlotAsync(long slot, ImmutableArray<long> settled);
}
