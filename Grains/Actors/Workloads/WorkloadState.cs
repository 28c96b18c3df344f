// A workload's persisted state: its spec, allocation, execution and settlement as they happen.
namespace ProverSim.Grains.Actors.Workloads;

[GenerateSerializer, Alias("provsim.WorkloadState")]
public sealed class WorkloadState
{
    [Id(0)] public WorkloadSpec? Spec { get; set; }
    [Id(1)] public WorkloadAllocation? Allocation { get; set; }
    [Id(2)] public WorkloadExecution? Execution { get; set; }
    [Id(3)] public WorkloadSettlement? Settlement { get; set; }
}
