// A virtual prover (DESIGN.md §1): decides on its offers in canonical order and runs the real VM.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Provers;

[Alias("provsim.IProverGrain")]
public interface IProverGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync(ProverSetup setup);

    /// <summary>Phases 3–4: this slot's allocated offers and due challenges, taken in (arrival, kind, id, rank) order: accept, queue or decline; run.</summary>
    [Alias("Decide")]
    Task<ImmutableArray<JobReport>> DecideAsync(long slot, ImmutableArray<JobOffer> offers);

    /// <summary>
    /// Phase 5: race for open-market slots with a free job slot; run the ones taken. Under
    /// vrf-single-fallback the same phase offers fallback jobs, taken as allocated work is.
    /// </summary>
    [Alias("Market")]
    Task<ImmutableArray<JobReport>> MarketAsync(long slot, ImmutableArray<JobOffer> offers);

    /// <summary>
    /// Phase 3 under reverse-auction: a workload's auction reached this prover's standing bid; it takes the
    /// job when a job slot is free for the whole run (a copier takes anything) and runs it. Under
    /// ramp-and-lock: a workload's price met its floor (a lock), or a timed-out lock is open to fulfil (a
    /// race), taken as market work is. Called once per workload and kind, workloads in arrival order; a
    /// repeated one of the slot gets its first answer.
    /// </summary>
    [Alias("Bid")]
    Task<JobReport> BidAsync(long slot, JobOffer offer);

    /// <summary>Phase 6, copiers only: repost a capsule another prover posted for each workload taken.</summary>
    [Alias("Copy")]
    Task<ImmutableArray<CopyReport>> CopyAsync(long slot, ImmutableArray<CopyTask> tasks);

    /// <summary>Phase 7: publish this prover's temporary secret key of each closed workload in the mempool.</summary>
    [Alias("Reveal")]
    Task RevealAsync(long slot, ImmutableArray<RevealRequest> workloads);

    [Alias("GetRecord")]
    Task<ProverRecord> GetRecordAsync();
}
