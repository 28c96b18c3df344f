// Validators hold no state of their own: a stateless worker per silo core, so the workloads settling
// in a slot are checked in parallel. What they read comes from the run's public mempool.
using System.Collections.Immutable;
using Orleans.Concurrency;
using ProverSim.Grains.Actors.Mempool;

namespace ProverSim.Grains.Actors.Validators;

[StatelessWorker]
public sealed class ValidatorGrain : Grain, IValidatorGrain
{
    public async Task<ImmutableArray<PostVerdict>> ValidateAsync(ValidationRequest request)
    {
        var runId = this.GetPrimaryKeyString();
        var posts = await GrainFactory.GetGrain<IMempoolGrain>(runId).ReadAsync([request.WorkloadId]);
        return CapsuleValidation.Check(request, posts[0]);
    }
}
