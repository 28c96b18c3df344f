// The run's clock (DESIGN.md §2): ticks one slot at a time through the barrier phases of §2.1.
namespace ProverSim.Grains.Actors.Simulation;

[Alias("provsim.ISimulationGrain")]
public interface ISimulationGrain : IGrainWithStringKey
{
    /// <summary>Creates the run's provers, active set and ledger (genesis balances).</summary>
    [Alias("Initialize")]
    Task InitializeAsync(SimulationConfig config);

    /// <summary>Runs slot <paramref name="slot"/>; calling it again for a finished slot returns the same report.</summary>
    [Alias("RunSlot")]
    Task<SlotReport> RunSlotAsync(long slot);

    [Alias("GetRunInfo")]
    Task<RunInfo> GetRunInfoAsync();
}
