// A prover's persisted state: its setup, its job-slot schedule, its counters, and its last reply per
// phase so that a retried call for the same slot has no second effect. The run's seed and parameters
// are not here: every prover reads the run's one copy (RunContexts).
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Provers;

[GenerateSerializer, Alias("provsim.ProverState")]
public sealed class ProverState
{
    [Id(0)] public ProverSetup? Setup { get; set; }
    /// <summary>Each job slot's busy intervals as start, end pairs (JobSlots' persisted form).</summary>
    [Id(1)] public long[][] Busy { get; set; } = [];
    [Id(2)] public long DecidedSlot { get; set; } = -1;
    [Id(3)] public ImmutableArray<JobReport> Decided { get; set; } = [];
    [Id(4)] public long MarketSlot { get; set; } = -1;
    [Id(5)] public ImmutableArray<JobReport> MarketReplies { get; set; } = [];
    [Id(6)] public long CopiedSlot { get; set; } = -1;
    [Id(7)] public ImmutableArray<CopyReport> Copied { get; set; } = [];
    [Id(8)] public ProverCounters Counters { get; set; } = new(0, 0, 0, 0, 0, 0);
    /// <summary>The job each busy interval belongs to, in the order of <see cref="Busy"/> (JobSlots' tags).</summary>
    [Id(9)] public long[][] BusyJobs { get; set; } = [];
    /// <summary>
    /// reverse-auction and ramp-and-lock: this slot's answers to the workloads that reached its bid, by kind
    /// and workload ("Bid/17"; a retried slot gets them again).
    /// </summary>
    [Id(10)] public long BidSlot { get; set; } = -1;
    [Id(11)] public ImmutableDictionary<string, JobReport> Bids { get; set; } = ImmutableDictionary<string, JobReport>.Empty;
}

/// <summary>What a prover has done so far, for provers.csv.</summary>
[GenerateSerializer, Immutable, Alias("provsim.ProverCounters")]
public sealed record ProverCounters(long JobsRun, long CyclesRun, long Declines, long MarketAttempts, long ChallengesRun, long CopiesPosted);
