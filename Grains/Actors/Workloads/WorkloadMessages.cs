// A workload's life in messages (DESIGN.md §2.1 phases 2, 5, 6 and 7): its arrival, its VRF-backed
// allocation, its market slots, what its participants did, and how it settled.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Workloads;

/// <summary>A workload as it arrives: its id, paying user, slot, virtual arrival time and program (index in the run's mix).</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadArrival")]
public sealed record WorkloadArrival(long WorkloadId, long UserId, long Slot, long ArrivalMicros, int ProgramIndex);

/// <summary>The allocation and the VRF evidence anyone can check with the beacon's public key.</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadAllocation")]
public sealed record WorkloadAllocation(long Epoch, byte[] Alpha, byte[] Pi, byte[] Beta, ImmutableArray<long> Provers);

/// <summary>
/// What the clock needs to offer an arrived workload: its allocation and the user's public key; or, for
/// a workload refused because its user could not pay the escrow, its final record.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadAllocated")]
public sealed record WorkloadAllocated(WorkloadAllocation? Allocation, byte[] UserPublicKey, long Escrow, WorkloadRecord? Rejected = null);

/// <summary>
/// One prover's part in a workload: allocated (its rank) or market (rank 64 + its VRF order among the
/// workload's contenders), what its run did, and when its capsule was posted (a copier's: when it reposted).
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.Participant")]
public sealed record Participant(long ProverId, int Rank, bool Market, int VrfOrder, JobOutcome Outcome, long FinishMicros, bool Posted, DeclineReason Decline = DeclineReason.None)
{
    /// <summary>When its part ended, for the close: null for one that took no part (declined, or a copier with nothing to post).</summary>
    public long? EndMicros => Outcome == JobOutcome.Declined || (Outcome == JobOutcome.Copying && !Posted) ? null : FinishMicros;
}

/// <summary>
/// vrf-single-fallback: the deadline the first prover committed to and, once it declined or missed it
/// (<see cref="Engaged"/>), when the fallback starts, who was drawn (null when none was eligible) and the
/// deadline it commits to.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadFallback")]
public sealed record WorkloadFallback(long FirstDeadlineMicros, long FromMicros = -1, long? ProverId = null, long DeadlineMicros = -1)
{
    public bool Engaged => FromMicros >= 0;
}

/// <summary>reverse-auction: a winner — its bid, the deadline it committed to, its place among the winners.</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadBid")]
public sealed record WorkloadBid(long ProverId, long Floor, long DeadlineMicros, int Order);

/// <summary>
/// ramp-and-lock: who locked the job, when and at what price, when the lock times out; whether it timed out
/// without a delivery (the job was raced for) and the price then.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadLock")]
public sealed record WorkloadLock(long ProverId, long LockedMicros, long Price, long TimeoutMicros, bool Raced, long RacePrice);

/// <summary>A participant whose job a challenge paused: when it now finishes.</summary>
[GenerateSerializer, Immutable, Alias("provsim.ParticipantDelay")]
public sealed record ParticipantDelay(long ProverId, long FinishMicros);

/// <summary>A workload's close before and after its participants' delays.</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadDelayed")]
public sealed record WorkloadDelayed(long WasCloseMicros, WorkloadClosing Closing);

/// <summary>When the workload closes (its keys are revealed and it settles) and how many capsules it got.</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadClosing")]
public sealed record WorkloadClosing(long CloseMicros, int CapsulesPosted);

/// <summary>
/// One participant's part as settled: an allocated prover (accepted or declined) or a market contender.
/// Won: its proof counts (valid, and for a market slot the earliest valid one). Verdict: the validators'
/// word on the capsule it posted, null when it posted none. Decline: why an allocated prover declined.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.Participation")]
public sealed record Participation(
    long ProverId, int Rank, bool Market, bool Declined, bool Won, long FinishMicros, Validators.CapsuleVerdict? Verdict, DeclineReason Decline = DeclineReason.None);

/// <summary>
/// What happened, as the validators established it after the reveal (phase 7). Times are virtual µs:
/// the first valid proof's post, the user's opening of its first capsule, and the validators' check
/// (at the close, when the temporary keys are revealed).
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadExecution")]
public sealed record WorkloadExecution(
    WorkloadOutcome Outcome,
    long Cycles,
    ImmutableArray<ulong> Output,
    long CloseMicros,
    ImmutableArray<Participation> Participants,
    long? FirstProofMicros,
    long? UserOpenedMicros,
    long? VerifiedMicros);

/// <summary>Who was paid what at settlement (phase 7).</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadSettlement")]
public sealed record WorkloadSettlement(long Slot, ImmutableArray<LedgerEntry> Entries);

/// <summary>
/// A settled workload as the results see it, with the validators' figures of its settlement: proofs
/// verified, capsule bytes checked, capsules rejected and market slots filled; the contenders drawn for
/// its open slots (in VRF order); for a workload refused on arrival, why (its user could not pay).
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadRecord")]
public sealed record WorkloadRecord(
    WorkloadArrival Arrival,
    long Escrow,
    WorkloadAllocation? Allocation,
    WorkloadExecution? Execution,
    WorkloadSettlement? Settlement,
    int ProofsVerified = 0,
    long ProofBytes = 0,
    int CapsulesRejected = 0,
    int MarketFills = 0,
    string? Refusal = null,
    ImmutableArray<long> MarketDrawn = default,
    WorkloadFallback? Fallback = null,
    ImmutableArray<ActiveSet.Forfeit> Forfeits = default,
    WorkloadLock? Lock = null)
{
    /// <summary>Under vrf-single-fallback: the first prover, when its fallback's proof counted (it is ejected).</summary>
    public long? Ejects => Fallback is { Engaged: true } && Execution?.Participants.Any(p => p.Rank == 1 && p.Won) == true ? Allocation?.Provers.FirstOrDefault() : null;
}
