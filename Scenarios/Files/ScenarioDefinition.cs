// A scenario as read from its file: the run's size and seed, the protocol parameters, the prover
// groups and the demand. Expanding it gives the SimulationConfig the Simulation grain runs.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;

namespace ProverSim.Scenarios.Files;

/// <summary>A group's declared hardware: each field fixed or a distribution drawn per prover.</summary>
public sealed record GroupHardware(Quantity CpuCores, Quantity MemoryGb, Quantity Gpus, Quantity BandwidthMbps, Quantity Speed)
{
    /// <summary>The hardware fields' scenario keys, in the order of HardwareProfile.</summary>
    public static readonly string[] Keys = ["cpu_cores", "memory_gb", "gpus", "bandwidth_mbps", "speed"];

    /// <summary>The most cores a prover may declare (or have): a challenge runs one lane per declared core.</summary>
    public const int MaxCpuCores = 4_096;
}

/// <summary>The hardware a group's provers really have, where it differs from what they declare: each field absent (as declared), fixed or drawn per prover.</summary>
public sealed record GroupActual(Quantity? CpuCores, Quantity? MemoryGb, Quantity? Gpus, Quantity? BandwidthMbps, Quantity? Speed)
{
    public static readonly GroupActual AsDeclared = new(null, null, null, null, null);
}

public sealed record ProverGroup(
    string Name,
    int Count,
    GroupHardware Declared,
    GroupActual Actual,
    double LieFactor,
    Quantity Stake,
    long Balance,
    int JobSlots,
    string Behaviour,
    bool TakesMarket,
    Quantity JoinSlot,
    long LeaveSlot,
    double OfflineRate,
    int OfflineSlots)
{
    /// <summary>
    /// honest: queues allocated work when busy; capacity-limited: declines it; bandwidth-limited: has a tenth
    /// of the bandwidth it declares (unless actual: bandwidth_mbps), so large inputs miss the input deadline
    /// and it declines, and its challenges' inputs arrive late; hardware-liar: declares lie_factor × the
    /// speed it has (unless actual: speed), so its challenges catch it; flaky: goes offline (offline_rate per slot, offline_slots long), declining
    /// everything and missing challenges; market-hunter: races for every open-market slot it is drawn for,
    /// queueing behind its own work; copier: runs nothing, reposts other provers' capsules; leaver: leaves
    /// at leave_slot (or a slot drawn uniformly in the run) and waits out the cooldown.
    /// </summary>
    public static readonly string[] Behaviours = [.. Grains.Actors.Provers.Behaviours.All];

    public bool DeclineWhenBusy => Behaviour == Grains.Actors.Provers.Behaviours.CapacityLimited;

    /// <summary>The group's cost model (its provers' floor prices and bids in the alternative mechanisms).</summary>
    public ProverCost Cost { get; init; } = ProverCost.Default;
}

public sealed record ScenarioDefinition(
    string Name,
    string File,
    string FileSha256,
    long Seed,
    long Slots,
    long DrainSlots,
    ProtocolParameters Parameters,
    ImmutableArray<ProverGroup> Groups,
    DemandSpec Demand)
{
    /// <summary>Allowed values that depart from the protocol's text, each located like an error ("file:line: key: …").</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>The mechanism the engine runs (vrf-tiered, the protocol, unless the scenario says proportional-lottery).</summary>
    public Mechanism Mechanism { get; init; } = Mechanism.VrfTiered;

    /// <summary>The mechanisms to compare on this scenario's trace (none: no comparison).</summary>
    public ImmutableArray<Mechanism> Mechanisms { get; init; } = [];

    public MechanismParameters MechanismParameters { get; init; } = new();

    /// <summary>The trace the mechanisms replay for one run of this scenario: its expansion and each prover's cost model (its group's).</summary>
    public MarketTrace Trace(string runId, int replication) =>
        MarketTrace.Build(ToConfig(runId, replication), [.. Groups.SelectMany(g => Enumerable.Repeat(g.Cost, g.Count))]);

    public int ProverCount => Groups.Sum(g => g.Count);

    /// <summary>Provers numbered 0.. in group order, each with its group's setup (distributions drawn per prover).</summary>
    public SimulationConfig ToConfig(string runId, int replication)
    {
        var provers = ImmutableArray.CreateBuilder<ProverSetup>(ProverCount);
        foreach (var group in Groups)
        {
            for (var i = 0; i < group.Count; i++)
            {
                provers.Add(Setup(group, provers.Count, replication));
            }
        }

        return new SimulationConfig(runId, Seed, replication, Slots, DrainSlots, Parameters, provers.MoveToImmutable(), Demand, Mechanism, MechanismParameters);
    }

    private ProverSetup Setup(ProverGroup group, long id, int replication)
    {
        Random Stream(string field) => new DerivedRandom(Seed, replication, $"group/{field}", id);
        var h = group.Declared;
        var declared = new HardwareProfile(
            (int)h.CpuCores.DrawInteger(Stream("cpu_cores"), 1, GroupHardware.MaxCpuCores),
            (int)h.MemoryGb.DrawInteger(Stream("memory_gb"), 1, 1_000_000),
            (int)h.Gpus.DrawInteger(Stream("gpus"), 0, 1_000),
            h.BandwidthMbps.DrawInteger(Stream("bandwidth_mbps"), 1, 1_000_000_000),
            h.Speed.DrawInteger(Stream("speed"), 1, 1_000_000_000_000));
        // What the prover really has: the group's actual values, else the behaviour's lie, else as declared.
        var actual = group.Actual;
        var actualSpeed = actual.Speed?.DrawInteger(Stream("actual_speed"), 1, 1_000_000_000_000)
            ?? (group.Behaviour == Grains.Actors.Provers.Behaviours.HardwareLiar ? Math.Max(1, (long)Math.Round(declared.CyclesPerSecond / group.LieFactor)) : declared.CyclesPerSecond);
        var actualBandwidth = actual.BandwidthMbps?.DrawInteger(Stream("actual_bandwidth_mbps"), 1, 1_000_000_000)
            ?? (group.Behaviour == Grains.Actors.Provers.Behaviours.BandwidthLimited ? Math.Max(1, declared.BandwidthMbps / 10) : declared.BandwidthMbps);
        var real = new HardwareProfile(
            (int)(actual.CpuCores?.DrawInteger(Stream("actual_cpu_cores"), 1, GroupHardware.MaxCpuCores) ?? declared.CpuCores),
            (int)(actual.MemoryGb?.DrawInteger(Stream("actual_memory_gb"), 1, 1_000_000) ?? declared.MemoryGb),
            (int)(actual.Gpus?.DrawInteger(Stream("actual_gpus"), 0, 1_000) ?? declared.Gpus),
            actualBandwidth,
            actualSpeed);
        var join = group.JoinSlot.DrawInteger(Stream("join_slot"), 0, Math.Max(0, Slots - 1));
        var leave = group.LeaveSlot >= 0 || group.Behaviour != Grains.Actors.Provers.Behaviours.Leaver ? group.LeaveSlot : Stream("leave_slot").NextInt64(Math.Min(join + 1, Slots), Slots);
        var flaky = group.Behaviour == Grains.Actors.Provers.Behaviours.Flaky;
        return new ProverSetup(
            id, group.Name, group.Behaviour, declared, real,
            group.Stake.DrawInteger(Stream("stake"), 0, long.MaxValue / 4), group.Balance, group.JobSlots, group.DeclineWhenBusy,
            group.TakesMarket || group.Behaviour == Grains.Actors.Provers.Behaviours.MarketHunter, join, leave,
            OfflineRatePpm: flaky ? (long)Math.Round(group.OfflineRate * ProtocolParameters.Ppm) : 0,
            OfflineSlots: flaky ? group.OfflineSlots : 0,
            QueuesMarketWork: group.Behaviour == Grains.Actors.Provers.Behaviours.MarketHunter,
            FloorPerMegacycle: group.Cost.FloorPerMegacycle(real.CyclesPerSecond));
    }
}
