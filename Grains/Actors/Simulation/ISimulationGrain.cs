// The run's clock (DESIGN.md §2, §3.1): ticks one slot at a time through the barrier phases of §2.1.
using Orleans.Concurrency;
using ProverSim.Grains.Actors.Runs;

namespace ProverSim.Grains.Actors.Simulation;

[Alias("provsim.ISimulationGrain")]
public interface ISimulationGrain : IGrainWithStringKey
{
    /// <summary>Creates the run's provers, active set, beacon and ledger (genesis balances).</summary>
    [Alias("Initialize")]
    Task InitializeAsync(SimulationConfig config);

    /// <summary>Runs slot <paramref name="slot"/>; calling it again for a finished slot returns the same report.</summary>
    [Alias("RunSlot")]
    Task<SlotReport> RunSlotAsync(long slot);

    /// <summary>The run's setup, read by the run's other grains (at any time, also while a slot runs).</summary>
    [Alias("GetSetup"), AlwaysInterleave, ReadOnly]
    Task<RunSetup> GetSetupAsync();

    [Alias("GetRunInfo")]
    Task<RunInfo> GetRunInfoAsync();
}
