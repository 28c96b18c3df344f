// A scenario as read from its file: the run's size and seed, the protocol parameters, the prover
// groups and the demand. Expanding it gives the SimulationConfig the Simulation grain runs.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Protocol;

namespace ProverSim.Scenarios.Files;

public sealed record ProverGroup(
    string Name,
    int Count,
    HardwareProfile Declared,
    HardwareProfile Actual,
    long Stake,
    long Balance,
    int JobSlots,
    string Behaviour,
    bool TakesMarket,
    long JoinSlot,
    long LeaveSlot)
{
    /// <summary>
    /// Behaviours of this version: honest provers queue when busy, capacity-limited ones decline, copiers
    /// run nothing and repost other provers' capsules from the mempool.
    /// </summary>
    public static readonly string[] Behaviours = ["honest", "capacity-limited", "copier"];

    public bool DeclineWhenBusy => Behaviour == "capacity-limited";
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
    public int ProverCount => Groups.Sum(g => g.Count);

    /// <summary>Provers numbered 0.. in group order, each with its group's setup.</summary>
    public SimulationConfig ToConfig(string runId, int replication)
    {
        var provers = ImmutableArray.CreateBuilder<ProverSetup>(ProverCount);
        foreach (var group in Groups)
        {
            for (var i = 0; i < group.Count; i++)
            {
                provers.Add(new ProverSetup(
                    provers.Count, group.Name, group.Behaviour, group.Declared, group.Actual, group.Stake, group.Balance,
                    group.JobSlots, group.DeclineWhenBusy, group.TakesMarket, group.JoinSlot, group.LeaveSlot));
            }
        }

        return new SimulationConfig(runId, Seed, replication, Slots, DrainSlots, Parameters, provers.MoveToImmutable(), Demand);
    }
}
