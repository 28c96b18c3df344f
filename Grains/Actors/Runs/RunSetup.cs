// What never changes during a run and every grain of it may read: the seed, the horizon, the protocol
// parameters and the demand with its programs. Written once by the Simulation grain; provers and
// workloads refer to a program by its index in the demand's mix instead of carrying its words. The
// mechanism is the protocol's (vrf-tiered) unless the scenario names another the engine runs, with its
// parameters.
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Runs;

[GenerateSerializer, Immutable, Alias("provsim.RunSetup")]
public sealed record RunSetup(
    string RunId, long Seed, int Replication, long Slots, long MaxDrainSlots, ProtocolParameters Parameters, DemandSpec Demand,
    Mechanism Mechanism = Mechanism.VrfTiered, MechanismParameters? Rules = null)
{
    /// <summary>The alternative mechanism's parameters (decision window, deadline slack, …): the scenario's, else the defaults.</summary>
    public MechanismParameters MechanismRules => Rules ?? Defaults;

    private static readonly MechanismParameters Defaults = new();
}
