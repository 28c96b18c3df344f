// The trace every mechanism of a comparison replays (common random numbers): the population as the
// scenario expands it, the arrivals of the demand generator with the ids the engine gives them, each
// program's exact run on the VM, and the beacon's randomness — the epoch seeds, each slot's challenge
// beacon (and whom it draws for a challenge) and each workload's VRF output, computed with the run's own beacon key, so the draws are the
// engine's. It is built once per run and read, never changed, by every mechanism.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Mechanisms;

/// <summary>A program of the mix run once on the VM within its paid cycles: the cycles it ran and whether it halted.</summary>
public sealed record ProgramRun(long Cycles, bool Halts);

/// <summary>An arrival: the engine's workload id, its slot, virtual arrival time, program and user, and its allocation VRF output.</summary>
public sealed record TraceWorkload(long WorkloadId, long Slot, long ArrivalMicros, int ProgramIndex, long UserId, byte[] Beta);

public sealed class MarketTrace
{
    private MarketTrace(SimulationConfig config, ImmutableArray<ProverCost> costs)
    {
        Config = config;
        Costs = costs;
    }

    public SimulationConfig Config { get; }

    public RunSetup Setup => new(Config.RunId, Config.Seed, Config.Replication, Config.Slots, Config.MaxDrainSlots, Config.Parameters, Config.Demand);

    /// <summary>Each prover's cost model, in prover order.</summary>
    public ImmutableArray<ProverCost> Costs { get; }

    public ImmutableArray<ProgramRun> Programs { get; private init; }

    /// <summary>The arrivals of every slot of the horizon, in (slot, arrival, program, user) order, numbered as the engine numbers them.</summary>
    public ImmutableArray<TraceWorkload> Workloads { get; private init; }

    /// <summary>Each slot's challenge beacon (the VRF output over the slot).</summary>
    public ImmutableArray<byte[]> SlotBeacons { get; private init; }

    /// <summary>Per slot, the provers (by id, ascending) its beacon draws for a random challenge should they be members (pow_rate).</summary>
    public ImmutableArray<ImmutableArray<long>> Challenged { get; private init; }

    public static MarketTrace Build(SimulationConfig config, IReadOnlyList<ProverCost> costs)
    {
        if (costs.Count != config.Provers.Length)
        {
            throw new ArgumentException($"{costs.Count} cost models for {config.Provers.Length} provers", nameof(costs));
        }

        var parameters = config.Parameters;
        var key = EcvrfKeyPair.Derive(Protocol.Beacon.KeySeed(config.Seed, config.Replication));
        byte[] Beta(byte[] alpha) => Ecvrf.ProofToHash(Ecvrf.Prove(key, alpha));

        var setup = new RunSetup(config.RunId, config.Seed, config.Replication, config.Slots, config.MaxDrainSlots, parameters, config.Demand);
        var workloads = ImmutableArray.CreateBuilder<TraceWorkload>();
        var beacons = ImmutableArray.CreateBuilder<byte[]>((int)config.Slots);
        var seed = Protocol.Beacon.GenesisSeed(config.Seed, config.Replication);
        long nextId = 0;
        for (var slot = 0L; slot < config.Slots; slot++)
        {
            if (slot % parameters.EpochSlots == 0)
            {
                seed = Beta(Protocol.Beacon.EpochAlpha(seed, slot / parameters.EpochSlots));
            }

            beacons.Add(Beta(Protocol.Beacon.SlotAlpha(seed, slot)));
            foreach (var arrival in DemandGenerator.ArrivalsIn(slot, setup))
            {
                var id = nextId++;
                workloads.Add(new TraceWorkload(id, slot, arrival.ArrivalMicros, arrival.ProgramIndex, arrival.UserId, Beta(Protocol.Beacon.AllocationAlpha(seed, id))));
            }
        }

        var programs = config.Demand.Programs.Select(p =>
        {
            var run = Interpreter.Run(VmProgram.FromWords([.. p.Words]), p.Input.AsSpan(), p.PaidCycles);
            return new ProgramRun(run.Cycles, run.Status == RunStatus.Halted);
        }).ToImmutableArray();

        var slotBeacons = beacons.MoveToImmutable();
        var challenged = slotBeacons.Select(beacon => config.Provers.Select(p => p.ProverId).Where(id => Protocol.PowChallenges.IsSelected(beacon, id, parameters)).ToImmutableArray()).ToImmutableArray();
        return new MarketTrace(config, [.. costs]) { Programs = programs, Workloads = workloads.ToImmutable(), SlotBeacons = slotBeacons, Challenged = challenged };
    }

    /// <summary>The setup of prover <paramref name="id"/> (provers are numbered 0… in order).</summary>
    public ProverSetup Prover(long id) => Config.Provers[(int)id];
}
