// A validator (DESIGN.md §1 "Copy protection", "Active prover set"): after the reveal it reads a
// workload's capsules and keys from the mempool, opens and checks each, and says which proofs may be
// paid; it checks PoW challenge answers as they arrive.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;

namespace ProverSim.Grains.Actors.Validators;

[Alias("provsim.IValidatorGrain")]
public interface IValidatorGrain : IGrainWithStringKey
{
    /// <summary>Verdicts on every capsule posted for the workload, ordered by (posted time, poster).</summary>
    [Alias("Validate")]
    Task<ImmutableArray<PostVerdict>> ValidateAsync(ValidationRequest request);

    /// <summary>Verifies a challenge answer's STARK for the issued input and checks it ran exactly the challenge's cycles.</summary>
    [Alias("CheckChallenge")]
    Task<ChallengeCheck> CheckChallengeAsync(IssuedChallenge challenge, ChallengeClaim claim);
}
