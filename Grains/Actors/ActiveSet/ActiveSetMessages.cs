// What enters and leaves the active set in a slot (DESIGN.md §2.1 phases 0, 1 and 7).
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.ActiveSet;

[GenerateSerializer, Immutable, Alias("provsim.JoinRequest")]
public sealed record JoinRequest(long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket);

/// <summary>A member of an epoch's frozen snapshot, as allocation and auditors see it.</summary>
[GenerateSerializer, Immutable, Alias("provsim.SnapshotMember")]
public sealed record SnapshotMember(long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket);

[GenerateSerializer, Immutable, Alias("provsim.LifecycleResult")]
public sealed record LifecycleResult(
    ImmutableArray<JoinRequest> Joined,
    ImmutableArray<(long ProverId, string Reason)> Refused,
    ImmutableArray<long> Left,
    ImmutableArray<(long ProverId, long Amount)> Unlocked,
    ImmutableArray<long> Challenged);

[GenerateSerializer, Immutable, Alias("provsim.ChallengeVerdict")]
public sealed record ChallengeVerdict(long ProverId, long ChallengeId, bool Passed);

[GenerateSerializer, Immutable, Alias("provsim.JudgementResult")]
public sealed record JudgementResult(
    ImmutableArray<long> Activated,
    ImmutableArray<(long ProverId, long Slashed)> Removed);

[GenerateSerializer, Immutable, Alias("provsim.MemberView")]
public sealed record MemberView(long ProverId, MemberStatus Status, long Stake, int ChallengesPassed, bool Removed);
