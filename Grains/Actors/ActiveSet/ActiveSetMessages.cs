// What enters and leaves the active set in a slot (DESIGN.md §2.1 phases 0, 1 and 7).
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.ActiveSet;

/// <summary>
/// What a prover declares when it joins: its stake, its hardware and whether it takes market work; under
/// reverse-auction its standing bid, a price per megacycle.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.JoinRequest")]
public sealed record JoinRequest(long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket, long Floor = 0);

/// <summary>
/// Collateral a prover forfeits from its locked stake (reverse-auction: a missed deadline; ramp-and-lock: a
/// lock that timed out, <paramref name="Lock"/>): what was asked and what was taken; under ramp-and-lock
/// <paramref name="AwardedTo"/> is who else fulfilled the job (half goes to it, half burns; all burns when null).
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.Forfeit")]
public sealed record Forfeit(long ProverId, long Asked, long Taken, long? AwardedTo = null, bool Lock = false);

/// <summary>When a prover of the scenario asks to join, and when it leaves (-1: never).</summary>
[GenerateSerializer, Immutable, Alias("provsim.ScheduledProver")]
public sealed record ScheduledProver(JoinRequest Join, long JoinSlot, long LeaveSlot);

/// <summary>A member of an epoch's frozen snapshot, as allocation and auditors see it.</summary>
[GenerateSerializer, Immutable, Alias("provsim.SnapshotMember")]
public sealed record SnapshotMember(long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket, long Floor = 0);

/// <summary>
/// A PoW challenge as issued: its program input, exact cycles and deadline (the declared hardware's); a
/// join challenge or a random one; and its test of the declared hardware: <paramref name="Lanes"/> lanes of
/// <paramref name="LaneCycles"/> cycles each (the rest of the exact cycles run once), an input of
/// <paramref name="InputBytes"/> to receive first, and the memory and GPUs it needs.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.IssuedChallenge")]
public sealed record IssuedChallenge(
    long ChallengeId,
    long ProverId,
    long IssuedMicros,
    long DeadlineMicros,
    long ExactCycles,
    ImmutableArray<ulong> Input,
    bool Join = false,
    int Lanes = 1,
    long LaneCycles = 0,
    long InputBytes = 0,
    int MemoryGb = 0,
    int Gpus = 0)
{
    public ChallengeTest Test => new(Lanes, LaneCycles, ExactCycles - (Lanes * LaneCycles), InputBytes, MemoryGb, Gpus);
}

/// <summary>A challenge judged at its deadline: when the answer came (-1: none), whether it was correct, and the verdict.</summary>
[GenerateSerializer, Immutable, Alias("provsim.JudgedChallenge")]
public sealed record JudgedChallenge(IssuedChallenge Issue, long FinishMicros, bool Correct, bool Passed);

/// <summary>The validators' word on a prover's answer: when it finished and whether it is correct.</summary>
[GenerateSerializer, Immutable, Alias("provsim.ChallengeAnswer")]
public sealed record ChallengeAnswer(long ChallengeId, long ProverId, long FinishMicros, bool Correct);

[GenerateSerializer, Immutable, Alias("provsim.LifecycleResult")]
public sealed record LifecycleResult(
    ImmutableArray<JoinRequest> Joined,
    ImmutableArray<(long ProverId, string Reason)> Refused,
    ImmutableArray<long> Left,
    ImmutableArray<(long ProverId, long Amount)> Unlocked,
    ImmutableArray<IssuedChallenge> Challenges);

[GenerateSerializer, Immutable, Alias("provsim.JudgementResult")]
public sealed record JudgementResult(
    ImmutableArray<long> Activated,
    ImmutableArray<(long ProverId, long Slashed)> Removed,
    int Passed,
    int Missed,
    int StillPending,
    ImmutableArray<JudgedChallenge> Judged = default);

[GenerateSerializer, Immutable, Alias("provsim.MemberView")]
public sealed record MemberView(long ProverId, MemberStatus Status, long Stake, int ChallengesPassed, bool Removed);
