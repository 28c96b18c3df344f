// The reward pots of one run (key: the run id), used only when the run's mechanism is
// proportional-lottery. Deposits are written at once; the split is computed from the stored state, so a
// retried last slot applies the same batch.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Pots;

public sealed class RewardPotGrain(
    [PersistentState("pots", StorageNames.Simulation)] IPersistentState<RewardPotState> state) : Grain, IRewardPotGrain
{
    private RewardPotState S => state.State;

    public async Task RecordAsync(long workloadId, long epoch, long deposit, ImmutableArray<PotClaim> claims)
    {
        if (!S.Workloads.Add(workloadId))
        {
            return;
        }

        S.Deposits[epoch] = S.Deposits.GetValueOrDefault(epoch) + deposit;
        if (!S.Cycles.TryGetValue(epoch, out var cycles))
        {
            S.Cycles[epoch] = cycles = [];
        }

        foreach (var claim in claims)
        {
            cycles[claim.ProverId] = cycles.GetValueOrDefault(claim.ProverId) + claim.Cycles;
        }

        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<LedgerEntry>> SplitAsync() =>
        Task.FromResult<ImmutableArray<LedgerEntry>>([.. S.Deposits.SelectMany(pot =>
            Rewards.SplitPot(pot.Key, pot.Value, S.Cycles.GetValueOrDefault(pot.Key, []).Select(c => new PotClaim(c.Key, c.Value))))]);
}
