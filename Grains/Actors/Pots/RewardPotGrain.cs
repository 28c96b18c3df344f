// The reward pots of one run (key: the run id), used only when the run's mechanism is
// proportional-lottery. The clock records each slot's deposits in one call and one write; a write that
// fails leaves nothing behind in memory (the state is read back), so the slot's retry records it again.
// The split is computed from the stored state, so a retried last slot applies the same batch.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Pots;

public sealed class RewardPotGrain(
    [PersistentState("pots", StorageNames.Simulation)] IPersistentState<RewardPotState> state) : Grain, IRewardPotGrain
{
    private RewardPotState S => state.State;

    public async Task RecordSlotAsync(long slot, ImmutableArray<PotDeposit> deposits)
    {
        if (slot <= S.LastSlot)
        {
            return;
        }

        foreach (var deposit in deposits)
        {
            S.Deposits[deposit.Epoch] = S.Deposits.GetValueOrDefault(deposit.Epoch) + deposit.Amount;
            if (!S.Cycles.TryGetValue(deposit.Epoch, out var cycles))
            {
                S.Cycles[deposit.Epoch] = cycles = [];
            }

            foreach (var claim in deposit.Claims)
            {
                cycles[claim.ProverId] = cycles.GetValueOrDefault(claim.ProverId) + claim.Cycles;
            }
        }

        S.LastSlot = slot;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    public Task<ImmutableArray<LedgerEntry>> SplitAsync() =>
        Task.FromResult<ImmutableArray<LedgerEntry>>([.. S.Deposits.SelectMany(pot =>
            Rewards.SplitPot(pot.Key, pot.Value, S.Cycles.GetValueOrDefault(pot.Key, []).Select(c => new PotClaim(c.Key, c.Value))))]);
}
