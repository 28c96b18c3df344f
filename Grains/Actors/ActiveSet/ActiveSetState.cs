// The active set's persisted state: every prover's membership, and the current epoch's frozen snapshot.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.ActiveSet;

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
}
