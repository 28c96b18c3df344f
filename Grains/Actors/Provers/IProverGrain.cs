// A virtual prover (DESIGN.md §1): receives offers, decides in canonical order, runs the real VM.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Provers;

[Alias("provsim.IProverGrain")]
public interface IProverGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync(ProverSetup setup, long masterSeed, int replication, Protocol.ProtocolParameters parameters);

    /// <summary>Phase 3: keep this slot's allocated offers and due challenges for phase 4.</summary>
    [Alias("Offer")]
    Task OfferAsync(long slot, ImmutableArray<JobOffer> offers);

    /// <summary>Phase 4: take the kept offers in (arrival, kind, id, rank) order; accept, queue or decline; run.</summary>
    [Alias("Decide")]
    Task<ImmutableArray<JobReport>> DecideAsync(long slot);

    /// <summary>Phase 5: race for open-market slots with a free job slot; run the ones taken.</summary>
    [Alias("Market")]
    Task<ImmutableArray<JobReport>> MarketAsync(long slot, ImmutableArray<JobOffer> offers);

    /// <summary>Phase 6, copiers only: repost a capsule another prover posted for each workload taken.</summary>
    [Alias("Copy")]
    Task<ImmutableArray<CopyReport>> CopyAsync(long slot, ImmutableArray<CopyTask> tasks);

    /// <summary>Phase 7: publish this prover's temporary secret key of each closed workload in the mempool.</summary>
    [Alias("Reveal")]
    Task RevealAsync(long slot, ImmutableArray<RevealRequest> workloads);

    [Alias("GetRecord")]
    Task<ProverRecord> GetRecordAsync();
}
