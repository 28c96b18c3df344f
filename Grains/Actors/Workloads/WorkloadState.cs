// A workload's persisted state: its arrival, escrow and allocation, its participants and close once
// its provers have run, and its execution and settlement once it closed.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Workloads;

[GenerateSerializer, Alias("provsim.WorkloadState")]
public sealed class WorkloadState
{
    [Id(0)] public WorkloadArrival? Arrival { get; set; }
    [Id(1)] public long Escrow { get; set; }
    [Id(2)] public WorkloadAllocation? Allocation { get; set; }
    [Id(3)] public ImmutableArray<Participant> Participants { get; set; } = [];
    [Id(4)] public WorkloadClosing? Closing { get; set; }
    [Id(5)] public long? UserOpenedMicros { get; set; }
    [Id(6)] public WorkloadRecord? Settled { get; set; }
    [Id(7)] public ImmutableArray<long> MarketDrawn { get; set; } = [];
    /// <summary>The last slot whose delays it took, and its answer then (a retried slot gets it again).</summary>
    [Id(8)] public long DelayedSlot { get; set; } = -1;
    [Id(9)] public WorkloadDelayed? Delayed { get; set; }
    /// <summary>vrf-single-fallback: the first prover's deadline, and the fallback once engaged.</summary>
    [Id(10)] public WorkloadFallback? Fallback { get; set; }
    /// <summary>The slot whose fallback phase it answered (a retried slot gets the same answer).</summary>
    [Id(11)] public long FallbackSlot { get; set; } = -1;
    /// <summary>
    /// reverse-auction: the winners; with ramp-and-lock, the slot whose auction or lock it answered with
    /// every reply (bidders, the locker, the racers).
    /// </summary>
    [Id(12)] public ImmutableArray<WorkloadBid> Bids { get; set; } = [];
    [Id(13)] public long AuctionSlot { get; set; } = -1;
    [Id(14)] public ImmutableArray<Provers.JobReport> AuctionReports { get; set; } = [];
    /// <summary>ramp-and-lock: the lock (once taken).</summary>
    [Id(15)] public WorkloadLock? Lock { get; set; }
}
