// A run as the Simulation grain receives it: every prover spelled out, the demand and the protocol
// parameters. The scenario runner expands a scenario file into this (DESIGN.md §3 flow).
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Simulation;

/// <summary>A program in the demand mix: its words, input, paid cycles, input size and hardware needs.</summary>
[GenerateSerializer, Immutable, Alias("provsim.ProgramSpec")]
public sealed record ProgramSpec(
    string Name,
    ImmutableArray<ulong> Words,
    ImmutableArray<ulong> Input,
    long PaidCycles,
    long InputBytes,
    HardwareRequirement Requirement,
    double Weight);

[GenerateSerializer, Alias("provsim.ArrivalProcess")]
public enum ArrivalProcess
{
    /// <summary>A Poisson number of arrivals per slot at uniform times.</summary>
    Poisson,
    /// <summary>Exactly the (whole) rate per slot, evenly spaced.</summary>
    Constant,
}

/// <summary><paramref name="RatePerSlot"/> workloads per slot from <paramref name="StartSlot"/> on.</summary>
[GenerateSerializer, Immutable, Alias("provsim.DemandSpec")]
public sealed record DemandSpec(ArrivalProcess Process, double RatePerSlot, long StartSlot, int Users, long UserFunds, ImmutableArray<ProgramSpec> Programs);

[GenerateSerializer, Immutable, Alias("provsim.SimulationConfig")]
public sealed record SimulationConfig(
    string RunId,
    long Seed,
    int Replication,
    long Slots,
    long MaxDrainSlots,
    ProtocolParameters Parameters,
    ImmutableArray<ProverSetup> Provers,
    DemandSpec Demand);

/// <summary>An epoch's seed and the VRF evidence for it.</summary>
[GenerateSerializer, Immutable, Alias("provsim.EpochInfo")]
public sealed record EpochInfo(long Epoch, long StartSlot, byte[] Alpha, byte[] Pi, byte[] Seed);
