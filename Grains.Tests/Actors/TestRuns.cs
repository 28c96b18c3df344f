// Runs for grain tests: the Simulation grain initialized with no provers, the given parameters and
// programs, so that provers, workloads and validators of the run find its setup as they do in a run;
// and an active set with its provers' stake in its ledger.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Tests.Actors;

public static class TestRuns
{
    public static async Task<string> CreateAsync(IClusterClient client, string prefix, ProtocolParameters parameters, params ProgramSpec[] programs)
    {
        var run = $"{prefix}-{Guid.NewGuid():N}";
        var demand = new DemandSpec(ArrivalProcess.Constant, 0, 0, 1, 1_000_000, [.. programs]);
        await client.GetGrain<ISimulationGrain>(run).InitializeAsync(new SimulationConfig(run, 1, 0, 10, 0, parameters, [], demand));

        // The grains under test act within a slot, as in a run (the mempool takes reveals only then).
        await client.GetGrain<IMempoolGrain>(run).BeginSlotAsync(0);
        return run;
    }

    /// <summary>
    /// An active set of its own run: the provers are funded with their stake in the run's ledger and
    /// scheduled to join at the given slots (leaving at the given slot, -1 for never).
    /// </summary>
    public static async Task<IActiveSetGrain> ActiveSetAsync(
        IClusterClient client, string prefix, ProtocolParameters parameters, IEnumerable<(JoinRequest Join, long JoinSlot, long LeaveSlot)> provers)
    {
        var run = $"{prefix}-{Guid.NewGuid():N}";
        var schedule = provers.Select(p => new ScheduledProver(p.Join, p.JoinSlot, p.LeaveSlot)).ToImmutableArray();
        var ledger = client.GetGrain<ILedgerGrain>(run);
        await ledger.BeginSlotAsync(-1);
        await ledger.ApplyAsync(-1, "genesis", [.. schedule.Select(p => LedgerEntries.Genesis(AccountId.Prover(p.Join.ProverId), p.Join.Stake))]);
        await ledger.CommitAsync(-1);
        var set = client.GetGrain<IActiveSetGrain>(run);
        await set.InitializeAsync(parameters, schedule);
        return set;
    }

    /// <summary>countdown(n): n values out, 3n + 2 cycles.</summary>
    public static ProgramSpec Countdown(ulong n, long paidCycles = 1_000) =>
        new($"countdown{n}", Assembler.Assemble(",[.-]").Words, [n], paidCycles, 0, HardwareRequirement.None, 1);
}
