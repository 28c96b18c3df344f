// Validators hold no state of their own: a stateless worker per silo core, so the workloads settling
// in a slot and the challenge answers of a slot are checked in parallel. What they read comes from the
// run's public mempool and the run's setup (the programs).
using System.Collections.Immutable;
using Orleans.Concurrency;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Actors.Validators;

[StatelessWorker]
public sealed class ValidatorGrain(RunContexts runs) : Grain, IValidatorGrain
{
    public async Task<ImmutableArray<PostVerdict>> ValidateAsync(ValidationRequest request)
    {
        var runId = this.GetPrimaryKeyString();
        var program = (await runs.GetAsync(runId)).Program(request.ProgramIndex);
        var posts = await GrainFactory.GetGrain<IMempoolGrain>(runId).ReadAsync([request.WorkloadId]);
        return CapsuleValidation.Check(request, program, posts[0]);
    }

    public Task<ChallengeCheck> CheckChallengeAsync(IssuedChallenge challenge, ChallengeClaim claim)
    {
        var statement = new Statement(
            ChallengeProgram.Program.Words, challenge.Input, claim.Output, claim.Cycles, claim.InputsRead,
            StatementIds.For(JobKind.Challenge, challenge.ChallengeId), claim.ProverId);
        var verifies = claim.ProverId == challenge.ProverId && StarkVerifier.Verify(statement, claim.Proof) is null;
        return Task.FromResult(new ChallengeCheck(verifies, PowChallenges.IsCorrect(verifies, claim.Cycles, challenge.ExactCycles), claim.Proof.Length));
    }
}
