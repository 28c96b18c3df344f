// A user's workload (DESIGN.md §1 "Allocation", "Cycles and outcomes").
using ProverSim.Grains.Actors.Simulation;

namespace ProverSim.Grains.Actors.Workloads;

[Alias("provsim.IWorkloadGrain")]
public interface IWorkloadGrain : IGrainWithStringKey
{
    /// <summary>Phase 2: computes the VRF over (epoch seed, workload id) and draws k eligible provers.</summary>
    [Alias("Allocate")]
    Task<WorkloadAllocation> AllocateAsync(WorkloadSpec spec, EpochInfo epoch, byte[] beaconSecret);

    [Alias("RecordExecution")]
    Task RecordExecutionAsync(WorkloadExecution execution);

    [Alias("Settle")]
    Task SettleAsync(WorkloadSettlement settlement);

    [Alias("GetRecord")]
    Task<WorkloadRecord> GetRecordAsync();
}
