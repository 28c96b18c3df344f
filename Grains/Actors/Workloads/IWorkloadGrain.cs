// A user's workload (DESIGN.md §1 "Allocation", "Cycles and outcomes", §3.1): it owns its life —
// escrow and allocation on arrival, its open-market slots, its close, and its settlement in one call.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Simulation;

namespace ProverSim.Grains.Actors.Workloads;

[Alias("provsim.IWorkloadGrain")]
public interface IWorkloadGrain : IGrainWithStringKey
{
    /// <summary>Phase 2: escrows the user's payment, asks the beacon for the VRF over (epoch seed, workload id) and draws k eligible provers.</summary>
    [Alias("Arrive")]
    Task<WorkloadAllocated> ArriveAsync(WorkloadArrival arrival, EpochInfo epoch);

    /// <summary>
    /// Phase 5: its declines opened one slot each; draws the contenders that race for them all (not the
    /// allocated provers), in VRF order.
    /// </summary>
    [Alias("OpenMarket")]
    Task<ImmutableArray<long>> OpenMarketAsync(long slot);

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
