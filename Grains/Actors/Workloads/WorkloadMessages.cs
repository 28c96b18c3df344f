// A workload's life in messages (DESIGN.md §2.1 phases 2, 6 and 7): its spec on arrival, its
// VRF-backed allocation, what the provers did, and how it settled.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Workloads;

[GenerateSerializer, Immutable, Alias("provsim.WorkloadSpec")]
public sealed record WorkloadSpec(
    long WorkloadId,
    long UserId,
    long Slot,
    long ArrivalMicros,
    string ProgramName,
    ImmutableArray<ulong> Program,
    ImmutableArray<ulong> Input,
    long PaidCycles,
    long InputBytes,
    HardwareRequirement Requirement,
    long Escrow,
    byte[] UserPublicKey);

/// <summary>The allocation and the VRF evidence anyone can check with the beacon's public key.</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadAllocation")]
public sealed record WorkloadAllocation(long Epoch, byte[] Alpha, byte[] Pi, byte[] Beta, ImmutableArray<long> Provers);

[GenerateSerializer, Alias("provsim.WorkloadOutcome")]
public enum WorkloadOutcome
{
    Pending,
    /// <summary>The program halted within the paid cycles; proofs were paid.</summary>
    Completed,
    /// <summary>The paid cycles ran out (or the program faulted): fees burned, no reward.</summary>
    Failed,
    /// <summary>No eligible prover, or every slot declined and none was taken: escrow refunded.</summary>
    Unserved,
}

/// <summary>
/// One participant's part: an allocated prover (accepted or declined) or a market contender. Won: its
/// proof counts (valid, and for a market slot the earliest valid one). Verdict: the validators' word on
/// the capsule it posted, null when it posted none.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.Participation")]
public sealed record Participation(long ProverId, int Rank, bool Market, bool Declined, bool Won, long FinishMicros, Validators.CapsuleVerdict? Verdict);

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

[GenerateSerializer, Immutable, Alias("provsim.WorkloadRecord")]
public sealed record WorkloadRecord(WorkloadSpec Spec, WorkloadAllocation? Allocation, WorkloadExecution? Execution, WorkloadSettlement? Settlement);
