// A user's workload (DESIGN.md §1 "Allocation", "Cycles and outcomes", §3.1): it owns its life —
// escrow and allocation on arrival, its open-market slots, its close, and its settlement in one call.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Simulation;

namespace ProverSim.Grains.Actors.Workloads;

[Alias("provsim.IWorkloadGrain")]
public interface IWorkloadGrain : IGrainWithStringKey
{
    /// <summary>
    /// Phase 2: escrows the user's payment, asks the beacon for the VRF over (epoch seed, workload id) and
    /// draws k eligible provers (under vrf-single-fallback one, not of <paramref name="excluded"/>: the
    /// previous slot's first choices).
    /// </summary>
    [Alias("Arrive")]
    Task<WorkloadAllocated> ArriveAsync(WorkloadArrival arrival, EpochInfo epoch, ImmutableArray<long> excluded);

    /// <summary>
    /// Phase 5 under vrf-single-fallback: what its first prover did; when it declined or will miss its
    /// deadline without a fail result, draws the fallback and when it starts. Null under other mechanisms.
    /// </summary>
    [Alias("Fallback")]
    Task<WorkloadFallback?> FallbackAsync(long slot, Provers.JobOutcome firstOutcome, long firstFinishMicros);

    /// <summary>
    /// Phase 5: its declines opened one slot each; draws the contenders that race for them all (not the
    /// allocated provers), in VRF order.
    /// </summary>
    [Alias("OpenMarket")]
    Task<ImmutableArray<long>> OpenMarketAsync(long slot);

    /// <summary>
    /// Phase 3 under reverse-auction (workloads one after the other, in arrival order): asks the standing
    /// bids in price order until k bidders took it; every bidder's reply. Empty under other mechanisms.
    /// </summary>
    [Alias("Auction")]
    Task<ImmutableArray<Provers.JobReport>> AuctionAsync(long slot);

    /// <summary>
    /// Phase 3 under ramp-and-lock (workloads one after the other, in arrival order): its rising price
    /// reaches the standing bids in price order until one locks it; when the lock delivers nothing by its
    /// timeout, the racers drawn get it from then. Every reply (bidders, locker, racers).
    /// </summary>
    [Alias("Lock")]
    Task<ImmutableArray<Provers.JobReport>> LockAsync(long slot);

    /// <summary>Phase 6: its participants have run; the user opens its first capsule; returns when it closes.</summary>
    [Alias("Complete")]
    Task<WorkloadClosing> CompleteAsync(long slot, ImmutableArray<Participant> participants);

    /// <summary>
    /// Phase 4 of a later slot: challenges that preempted some of its participants made their jobs finish
    /// later; their capsules (and the copies of them) move, and so may the user's first opening and the
    /// close. Null when it has settled already.
    /// </summary>
    [Alias("Delay")]
    Task<WorkloadDelayed?> DelayAsync(long slot, ImmutableArray<ParticipantDelay> delays);

    /// <summary>Phase 7: reveal, validation, outcome and payment; the settled record.</summary>
    [Alias("Settle")]
    Task<WorkloadRecord> SettleAsync(long slot);

    /// <summary>
    /// Phase 8 of the slot after its settlement (that slot is committed, its record in the results):
    /// drops its stored state, so storage holds the workloads in flight, not every workload of the run.
    /// </summary>
    [Alias("Forget")]
    Task ForgetAsync();

    [Alias("GetRecord")]
    Task<WorkloadRecord> GetRecordAsync();
}
