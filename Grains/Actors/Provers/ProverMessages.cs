// What the Simulation grain and a prover exchange in phases 3–7 of a slot (DESIGN.md §2.1).
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

[GenerateSerializer, Alias("provsim.JobKind")]
public enum JobKind
{
    Allocated,
    Market,
    Challenge,
    /// <summary>vrf-single-fallback: a workload whose first prover declined or missed its deadline, from the time the fallback starts.</summary>
    Fallback,
    /// <summary>reverse-auction: a workload whose auction reached this prover's standing bid; taken only with a job slot free for the whole run.</summary>
    Bid,
    /// <summary>ramp-and-lock: a workload whose rising price met this prover's floor, from that moment; taken as market work is.</summary>
    Lock,
    /// <summary>ramp-and-lock: a workload whose lock timed out, open to fulfil from the timeout; taken as market work is.</summary>
    Race,
}

[GenerateSerializer, Alias("provsim.JobOutcome")]
public enum JobOutcome
{
    /// <summary>Not taken: see the decline reason.</summary>
    Declined,
    /// <summary>The program halted within the budget with an output.</summary>
    Halted,
    /// <summary>The budget was spent before the program halted.</summary>
    OutOfCycles,
    /// <summary>The program faulted (pointer below zero, input exhausted).</summary>
    Fault,
    /// <summary>Taken by a copier, which runs nothing and reposts a capsule it finds in the mempool (phase 6).</summary>
    Copying,
}

[GenerateSerializer, Alias("provsim.DeclineReason")]
public enum DeclineReason
{
    None,
    /// <summary>Every job slot is busy at the arrival time.</summary>
    Capacity,
    /// <summary>The input would not arrive within the input deadline.</summary>
    Bandwidth,
    /// <summary>The prover is offline (a flaky prover's outage): it answers nothing, challenges included.</summary>
    Offline,
    /// <summary>The prover really has less memory or fewer GPUs than the job (or challenge) needs.</summary>
    Hardware,
    /// <summary>A job offered for a later moment (a fallback, a lock, a race) when the prover will have left the set by then.</summary>
    Left,
}

/// <summary>
/// Who a prover is and how it behaves; fixed for the run. A flaky prover goes offline with probability
/// <paramref name="OfflineRatePpm"/> per slot for <paramref name="OfflineSlots"/> slots; a market hunter
/// (<paramref name="QueuesMarketWork"/>) races for every open-market slot it is drawn for, queueing the
/// job behind its running work instead of sitting the race out. <paramref name="FloorPerMegacycle"/>: its
/// cost model's floor price, its standing bid under reverse-auction and ramp-and-lock.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.ProverSetup")]
public sealed record ProverSetup(
    long ProverId,
    string Group,
    string Behaviour,
    HardwareProfile Declared,
    HardwareProfile Actual,
    long Stake,
    long Balance,
    int JobSlots,
    bool DeclineWhenBusy,
    bool TakesMarket,
    long JoinSlot,
    long LeaveSlot,
    long OfflineRatePpm = 0,
    int OfflineSlots = 0,
    bool QueuesMarketWork = false,
    long FloorPerMegacycle = 0)
{
    /// <summary>A copier takes every offer, runs nothing and reposts other provers' capsules.</summary>
    public bool Copies => Behaviour == Behaviours.Copier;
}

/// <summary>
/// A job offered to a prover: an allocated workload slot or an open-market slot — the program by its
/// index in the run's demand mix, the proof sealed to <paramref name="UserPublicKey"/> — or a PoW
/// challenge, whose program is the challenge program on the issued input.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.JobOffer")]
public sealed record JobOffer(
    JobKind Kind,
    long JobId,
    int Rank,
    long ArrivalMicros,
    int ProgramIndex,
    long CycleBudget,
    long InputBytes,
    byte[]? UserPublicKey = null,
    IssuedChallenge? Challenge = null)
{
    public static JobOffer For(IssuedChallenge challenge) =>
        new(JobKind.Challenge, challenge.ChallengeId, 0, challenge.IssuedMicros, -1, challenge.ExactCycles, challenge.InputBytes, Challenge: challenge);
}

/// <summary>
/// What a prover did with one offer, in virtual time: when it finished and the cycles it metered; the
/// wall time is for the console only. A workload's output and proof are not here: they went to the
/// mempool in a capsule. A challenge's answer went to the validators, whose check is here.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.JobReport")]
public sealed record JobReport(
    JobKind Kind,
    long JobId,
    int Rank,
    long ProverId,
    JobOutcome Outcome,
    DeclineReason Decline,
    long FinishMicros,
    long Cycles,
    long WallMicros,
    ChallengeCheck? Check = null)
{
    /// <summary>For a challenge that preempted: the workload jobs of this prover that now finish later, in workload order.</summary>
    [Id(10)] public ImmutableArray<DelayedJob> Delayed { get; init; } = [];
}

/// <summary>A workload job that a preempting challenge paused (or pushed back): when it now finishes.</summary>
[GenerateSerializer, Immutable, Alias("provsim.DelayedJob")]
public sealed record DelayedJob(long WorkloadId, long FinishMicros);

/// <summary>The workload id a proof's statement carries: the workload's own, or a negative id per PoW challenge.</summary>
public static class StatementIds
{
    public static long For(JobKind kind, long jobId) => kind == JobKind.Challenge ? -1 - jobId : jobId;
}

/// <summary>A prover's own counters, for provers.csv.</summary>
[GenerateSerializer, Immutable, Alias("provsim.ProverRecord")]
public sealed record ProverRecord(
    ProverSetup Setup,
    long JobsRun,
    long CyclesRun,
    long Declines,
    long MarketAttempts,
    long ChallengesRun,
    long CopiesPosted);

/// <summary>A workload a copier took: it reposts a capsule it finds for it in the mempool.</summary>
[GenerateSerializer, Immutable, Alias("provsim.CopyTask")]
public sealed record CopyTask(long WorkloadId, bool Market, int Rank);

/// <summary>What a copier posted for a task: the virtual time, or null when it found nothing to copy.</summary>
[GenerateSerializer, Immutable, Alias("provsim.CopyReport")]
public sealed record CopyReport(long WorkloadId, long ProverId, bool Market, int Rank, long? PostedMicros);

/// <summary>A workload whose temporary key the prover must reveal, and when (the workload's close).</summary>
[GenerateSerializer, Immutable, Alias("provsim.RevealRequest")]
public sealed record RevealRequest(long WorkloadId, long AtMicros);
