// The clock's persisted state, written once at the end of each slot: where the run stands (next slot,
// next workload id, the current epoch), which workloads close in which slot, and the last slot's report
// so that a retried call for a finished slot has no second effect. It holds ids, never workloads.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Runs;

namespace ProverSim.Grains.Actors.Simulation;

[GenerateSerializer, Alias("provsim.ClockSetup")]
public sealed class ClockSetup
{
    [Id(0)] public RunSetup? Run { get; set; }
    [Id(1)] public byte[] BeaconPublicKey { get; set; } = [];
}

[GenerateSerializer, Alias("provsim.ClockState")]
public sealed class ClockState
{
    [Id(0)] public long NextSlot { get; set; }
    [Id(1)] public long NextWorkloadId { get; set; }
    [Id(2)] public EpochInfo? Epoch { get; set; }
    [Id(3)] public int SnapshotSize { get; set; }
    [Id(4)] public SortedDictionary<long, ImmutableArray<long>> Closing { get; set; } = [];
    [Id(5)] public int PendingChallenges { get; set; }
    [Id(6)] public SlotReport? LastReport { get; set; }
    /// <summary>vrf-single-fallback: the provers drawn first in the last slot of the horizon, sorted (not drawn first again in the next; empty after a slot without arrivals).</summary>
    [Id(7)] public ImmutableArray<long> FirstChoices { get; set; } = [];

    public int PendingWorkloads => Closing.Values.Sum(ids => ids.Length);

    /// <summary>A copy the slot works on; it replaces the committed state only when the slot completes.</summary>
    public ClockState Clone() => new()
    {
        NextSlot = NextSlot,
        NextWorkloadId = NextWorkloadId,
        Epoch = Epoch,
        SnapshotSize = SnapshotSize,
        Closing = new SortedDictionary<long, ImmutableArray<long>>(Closing),
        PendingChallenges = PendingChallenges,
        LastReport = LastReport,
        FirstChoices = FirstChoices,
    };
}
