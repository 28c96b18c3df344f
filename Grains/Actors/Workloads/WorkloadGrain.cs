// A workload (DESIGN.md §1 "Allocation"): on arrival it asks the beacon key for the VRF proof over
// (epoch seed, workload id), keeps the proof with the workload, and draws its k provers from the
// epoch snapshot with the VRF output. Later it records the execution and the settlement.
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Workloads;

public sealed class WorkloadGrain(
    [PersistentState("workload", "simulation")] IPersistentState<WorkloadState> state) : Grain, IWorkloadGrain
{
    public async Task<WorkloadAllocation> AllocateAsync(WorkloadSpec spec, EpochInfo epoch, byte[] beaconSecret)
    {
        if (state.State.Allocation is { } done && state.State.Spec?.WorkloadId == spec.WorkloadId)
        {
            return done;
        }

        var alpha = Beacon.AllocationAlpha(epoch.Seed, spec.WorkloadId);
        var pi = Ecvrf.Prove(BeaconKey(beaconSecret), alpha);
        var beta = Ecvrf.ProofToHash(pi);
        var runId = RunKeys.RunOf(this.GetPrimaryKeyString());
        var provers = await GrainFactory.GetGrain<IActiveSetGrain>(runId).DrawAsync(epoch.Epoch, spec.Requirement, beta);
        var allocation = new WorkloadAllocation(epoch.Epoch, alpha, pi, beta, provers);
        state.State.Spec = spec;
        state.State.Allocation = allocation;
        await state.WriteStateAsync();
        return allocation;
    }

    // Workload grains are one activation per workload; the beacon key is rebuilt once per process, not
    // per allocation (its point decompression was ~7% of an allocation's CPU).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, EcvrfKeyPair> Keys = new();

    private static EcvrfKeyPair BeaconKey(byte[] secret) => Keys.GetOrAdd(Convert.ToHexString(secret), _ => EcvrfKeyPair.FromSecret(secret));

    public async Task RecordExecutionAsync(WorkloadExecution execution)
    {
        state.State.Execution = execution;
        await state.WriteStateAsync();
    }

    public async Task SettleAsync(WorkloadSettlement settlement)
    {
        state.State.Settlement = settlement;
        await state.WriteStateAsync();
    }

    public Task<WorkloadRecord> GetRecordAsync()
    {
        var spec = state.State.Spec ?? throw new InvalidOperationException($"workload {this.GetPrimaryKeyString()} never arrived");
        return Task.FromResult(new WorkloadRecord(spec, state.State.Allocation, state.State.Execution, state.State.Settlement));
    }
}
