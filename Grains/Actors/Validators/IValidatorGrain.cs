// A validator (DESIGN.md §1 "Copy protection", §2.1 phase 7): after the reveal it reads a workload's
// capsules and keys from the mempool, opens and checks each, and says which proofs may be paid.
namespace ProverSim.Grains.Actors.Validators;

[Alias("provsim.IValidatorGrain")]
public interface IValidatorGrain : IGrainWithStringKey
{
    /// <summary>Verdicts on every capsule posted for the workload, ordered by (posted time, poster).</summary>
    [Alias("Validate")]
    Task<System.Collections.Immutable.ImmutableArray<PostVerdict>> ValidateAsync(ValidationRequest request);
}
