// The active set's persisted state: every prover's membership, the join/leave schedule and the
// cooldowns indexed by slot (so a slot looks up its events instead of walking every prover), the PoW
// challenges waiting for their deadline, and the current epoch's frozen snapshot.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.ActiveSet;

/// <summary>An issued challenge and, once the validators judged the answer, when it finished and whether it is correct.</summary>
[GenerateSerializer, Immutable, Alias("provsim.PendingChallenge")]
public sealed record PendingChallenge(IssuedChallenge Issue, long FinishMicros, bool Answered);

[GenerateSerializer, Alias("provsim.ActiveSetState")]
public sealed class ActiveSetState
{
    [Id(0)] public ProtocolParameters? Parameters { get; set; }
    [Id(1)] public SortedDictionary<long, Membership> Members { get; set; } = [];
    [Id(2)] public SortedSet<long> MarketTakers { get; set; } = [];
    [Id(3)] public long SnapshotEpoch { get; set; } = -1;
    [Id(4)] public ImmutableArray<SnapshotMember> Snapshot { get; set; } = [];
    [Id(5)] public long LifecycleSlot { get; set; } = -1;
    [Id(6)] public LifecycleResult? LastLifecycle { get; set; }
    [Id(7)] public long JudgedSlot { get; set; } = -1;
    [Id(8)] public JudgementResult? LastJudgement { get; set; }
    [Id(9)] public SortedDictionary<long, List<JoinRequest>> JoinsBySlot { get; set; } = [];
    [Id(10)] public SortedDictionary<long, List<long>> LeavesBySlot { get; set; } = [];
    [Id(11)] public SortedDictionary<long, SortedSet<long>> UnlocksBySlot { get; set; } = [];
    [Id(12)] public SortedDictionary<long, PendingChallenge> Challenges { get; set; } = [];
    [Id(13)] public long NextChallengeId { get; set; }
    [Id(14)] public ImmutableArray<LedgerEntry> LastJudgementEntries { get; set; } = [];
    /// <summary>Members of the frozen snapshot that have left or been removed since: never drawn again.</summary>
    [Id(15)] public SortedSet<long> GoneSinceSnapshot { get; set; } = [];
    /// <summary>The last slot whose ejections it applied, and whom it ejected then (a retried slot gets the same answer).</summary>
    [Id(16)] public long EjectedSlot { get; set; } = -1;
    [Id(17)] public ImmutableArray<long> LastEjected { get; set; } = [];
    /// <summary>Each prover's standing bid (reverse-auction, ramp-and-lock), from its join request.</summary>
    [Id(18)] public SortedDictionary<long, long> Floors { get; set; } = [];
    /// <summary>The last slot whose forfeits it took, and what it took then (a retried slot gets the same answer).</summary>
    [Id(19)] public long ForfeitSlot { get; set; } = -1;
    [Id(20)] public ImmutableArray<Forfeit> LastForfeits { get; set; } = [];
}
