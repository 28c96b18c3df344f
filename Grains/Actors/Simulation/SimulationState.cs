// The Simulation grain's persisted state: config, beacon, epochs, the workloads and challenges waiting
// for settlement, and the last slot's report (so that a retried slot call has no second effect).
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Simulation;

/// <summary>
/// One prover's part in a pending workload: allocated or market (with its VRF order among the slot's
/// contenders), what its run did, and when its capsule was posted (a copier's: when it reposted).
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.PendingParticipant")]
public sealed record PendingParticipant(long ProverId, int Rank, bool Market, int VrfOrder, Provers.JobOutcome Outcome, long FinishMicros, bool Posted);

/// <summary>A workload whose provers have all finished, waiting for its close time to fall in a slot.</summary>
[GenerateSerializer, Immutable, Alias("provsim.PendingWorkload")]
public sealed record PendingWorkload(
    Workloads.WorkloadSpec Spec,
    long CloseMicros,
    long? UserOpenedMicros,
    ImmutableArray<PendingParticipant> Participants)
{
    public long WorkloadId => Spec.WorkloadId;
}

/// <summary>A PoW challenge: what the correct answer is, when it is due and when the prover finished.</summary>
[GenerateSerializer, Immutable, Alias("provsim.PendingChallenge")]
public sealed record PendingChallenge(
    long ChallengeId,
    long ProverId,
    long IssuedMicros,
    long DeadlineMicros,
    long ExactCycles,
    ImmutableArray<ulong> Input,
    long FinishMicros,
    bool Answered);

/// <summary>What never changes during a run: its configuration (every prover) and the beacon key; written once.</summary>
[GenerateSerializer, Alias("provsim.SimulationSetup")]
public sealed class SimulationSetup
{
    [Id(0)] public SimulationConfig? Config { get; set; }
    [Id(1)] public byte[] BeaconSecret { get; set; } = [];
    [Id(2)] public byte[] BeaconPublicKey { get; set; } = [];
}

/// <summary>What changes slot by slot, persisted at every slot boundary.</summary>
[GenerateSerializer, Alias("provsim.SimulationState")]
public sealed class SimulationState
{
    [Id(3)] public List<EpochInfo> Epochs { get; set; } = [];
    [Id(4)] public long NextSlot { get; set; }
    [Id(5)] public long NextWorkloadId { get; set; }
    [Id(6)] public long NextChallengeId { get; set; }
    [Id(7)] public SortedDictionary<long, PendingWorkload> Pending { get; set; } = [];
    [Id(8)] public SortedDictionary<long, PendingChallenge> Challenges { get; set; } = [];
    [Id(9)] public SlotReport? LastReport { get; set; }
    [Id(10)] public int SnapshotSize { get; set; }
    [Id(11)] public List<long> SettledThisSlot { get; set; } = [];
}
