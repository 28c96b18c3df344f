// The run's reward pots under proportional-lottery (Scenarios/README.md "Mechanisms"): each completed
// workload's network reward goes to its arrival epoch's pot, with a claim for every counted proof's
// cycles; when the run ends each pot is split over its claims in proportion to their cycles.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Pots;

/// <summary>What one settled workload put into its epoch's pot, and the claims of its counted proofs.</summary>
[GenerateSerializer, Immutable, Alias("provsim.PotDeposit")]
public sealed record PotDeposit(long Epoch, long Amount, ImmutableArray<PotClaim> Claims);

[Alias("provsim.IRewardPotGrain")]
public interface IRewardPotGrain : IGrainWithStringKey
{
    /// <summary>A slot's deposits, in one write; a slot recorded before (a retried one) is not counted twice.</summary>
    [Alias("RecordSlot")]
    Task RecordSlotAsync(long slot, ImmutableArray<PotDeposit> deposits);

    /// <summary>Every pot's split (<see cref="Rewards.SplitPot"/>), epoch by epoch: the run's last ledger batch.</summary>
    [Alias("Split")]
    Task<ImmutableArray<LedgerEntry>> SplitAsync();
}
