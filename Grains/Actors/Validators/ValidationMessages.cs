// What the validators decide about each capsule of a workload once the keys are revealed (DESIGN.md §1
// "Copy protection": decrypt, verify, and only then pay).
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Validators;

[GenerateSerializer, Alias("provsim.CapsuleVerdict")]
public enum CapsuleVerdict
{
    /// <summary>Opened with the poster's revealed key, bound to this workload, slot and poster, and its STARK verified.</summary>
    Valid,
    /// <summary>The header names another workload, slot or prover than the post (a copy as it was, or a re-bound one).</summary>
    BindingMismatch,
    /// <summary>The poster revealed no temporary key: nobody but the user can open it.</summary>
    NotRevealed,
    /// <summary>The revealed key is not the capsule's temporary key.</summary>
    WrongKey,
    /// <summary>Not a capsule, or a part failed authentication.</summary>
    Tampered,
    /// <summary>It opens for the validators, but the user's sealed key is another key.</summary>
    UserCannotOpen,
    /// <summary>It opened, but the payload is malformed or the STARK does not verify for this claim and prover.</summary>
    InvalidProof,
}

/// <summary>
/// A workload as the validators check it: its id, the slot its jobs ran in, its program (index in the
/// run's mix), and its close: capsules posted after it are ignored.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.ValidationRequest")]
public sealed record ValidationRequest(long WorkloadId, long Slot, int ProgramIndex, long CloseMicros = long.MaxValue);

/// <summary>A prover's answer to a PoW challenge: the claimed run and its STARK proof.</summary>
[GenerateSerializer, Immutable, Alias("provsim.ChallengeClaim")]
public sealed record ChallengeClaim(long ProverId, long Cycles, int InputsRead, ImmutableArray<ulong> Output, byte[] Proof);

/// <summary>The validators' check of a challenge answer: does the proof verify, is the answer correct (exact cycles), its size.</summary>
[GenerateSerializer, Immutable, Alias("provsim.ChallengeCheck")]
public sealed record ChallengeCheck(bool ProofVerifies, bool Correct, int ProofBytes);

/// <summary>The verdict on one posted capsule, with the claim it carried when valid.</summary>
[GenerateSerializer, Immutable, Alias("provsim.PostVerdict")]
public sealed record PostVerdict(
    long PosterId,
    bool Market,
    int Rank,
    long PostedMicros,
    int CapsuleBytes,
    CapsuleVerdict Verdict,
    long Cycles,
    ImmutableArray<ulong> Output);
