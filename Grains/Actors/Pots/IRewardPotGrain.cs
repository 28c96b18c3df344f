// The run's reward pots under proportional-lottery (Scenarios/README.md "Mechanisms"): each completed
// workload's network reward goes to its epoch's pot, with a claim for every counted proof's cycles;
// when the run ends each pot is split over its claims in proportion to their cycles.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Pots;

[Alias("provsim.IRewardPotGrain")]
public interface IRewardPotGrain : IGrainWithStringKey
{
    /// <summary>A settled workload's deposit and claims; a workload recorded before is not counted twice.</summary>
    [Alias("Record")]
    Task RecordAsync(long workloadId, long epoch, long deposit, ImmutableArray<PotClaim> claims);

    /// <summary>Every pot's split (<see cref="Rewards.SplitPot"/>), epoch by epoch: the run's last ledger batch.</summary>
    [Alias("Split")]
    Task<ImmutableArray<LedgerEntry>> SplitAsync();
}
