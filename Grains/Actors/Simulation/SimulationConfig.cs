// A run as the Simulation grain receives it: every prover spelled out, the demand and the protocol
// parameters. The scenario runner expands a scenario file into this (DESIGN.md §3 flow).
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Simulation;

/// <summary>
/// A program in the demand mix: its words, input, paid cycles, input size and hardware needs, and how
/// many provers its user wants (<paramref name="K"/>, paying for each) with the tier split for them; 0
/// and default mean the protocol's k and tiers.
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.ProgramSpec")]
public sealed record ProgramSpec(
    string Name,
    ImmutableArray<ulong> Words,
    ImmutableArray<ulong> Input,
    long PaidCycles,
    long InputBytes,
    HardwareRequirement Requirement,
    double Weight,
    int K = 0,
    ImmutableArray<long> TiersPpm = default)
{
    /// <summary>The protocol's parameters as they apply to this program's workloads: its k and tiers.</summary>
    public ProtocolParameters For(ProtocolParameters protocol) =>
        K == 0 ? protocol : protocol with { K = K, TiersPpm = TiersPpm.IsDefault ? protocol.TiersPpm : TiersPpm };
}

[GenerateSerializer, Alias("provsim.ArrivalProcess")]
public enum ArrivalProcess
{
    /// <summary>A Poisson number of arrivals per slot at uniform times.</summary>
    Poisson,
    /// <summary>Exactly the (whole) rate per slot, evenly spaced.</summary>
    Constant,
    /// <summary>Poisson arrivals whose rate follows a piecewise-linear curve over slots (bursts, a daily cycle).</summary>
    Curve,
    /// <summary>The arrivals of a recorded trace, replayed as they are.</summary>
    Trace,
}

/// <summary>A point of a rate curve: at <paramref name="Slot"/> the rate is <paramref name="Rate"/> workloads per slot.</summary>
[GenerateSerializer, Immutable, Alias("provsim.RatePoint")]
public sealed record RatePoint(long Slot, double Rate);

/// <summary>One recorded arrival: when (virtual µs), which program of the mix, which user.</summary>
[GenerateSerializer, Immutable, Alias("provsim.TracedArrival")]
public sealed record TracedArrival(long ArrivalMicros, int ProgramIndex, long UserId);

/// <summary>
/// <paramref name="RatePerSlot"/> workloads per slot from <paramref name="StartSlot"/> on; with the curve
/// process the rate follows <paramref name="RateCurve"/> (repeating every <paramref name="CurvePeriod"/>
/// slots when that is positive); with the trace process the arrivals are <paramref name="Trace"/>, sorted
/// by (arrival, program, user).
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.DemandSpec")]
public sealed record DemandSpec(
    ArrivalProcess Process,
    double RatePerSlot,
    long StartSlot,
    int Users,
    long UserFunds,
    ImmutableArray<ProgramSpec> Programs,
    ImmutableArray<RatePoint> RateCurve = default,
    long CurvePeriod = 0,
    ImmutableArray<TracedArrival> Trace = default)
{
    /// <summary>The curve's rate at a slot: linear between points, flat before the first and after the last.</summary>
    public double RateAt(long slot)
    {
        if (RateCurve.IsDefaultOrEmpty)
        {
            return RatePerSlot;
        }

        var at = CurvePeriod > 0 ? slot % CurvePeriod : slot;
        if (at <= RateCurve[0].Slot)
        {
            return RateCurve[0].Rate;
        }

        for (var i = 1; i < RateCurve.Length; i++)
        {
            if (at <= RateCurve[i].Slot)
            {
                var (a, b) = (RateCurve[i - 1], RateCurve[i]);
                return a.Rate + ((b.Rate - a.Rate) * (at - a.Slot) / (b.Slot - a.Slot));
            }
        }

        return RateCurve[^1].Rate;
    }
}

[GenerateSerializer, Immutable, Alias("provsim.SimulationConfig")]
public sealed record SimulationConfig(
    string RunId,
    long Seed,
    int Replication,
    long Slots,
    long MaxDrainSlots,
    ProtocolParameters Parameters,
    ImmutableArray<ProverSetup> Provers,
    DemandSpec Demand,
    Mechanism Mechanism = Mechanism.VrfTiered,
    MechanismParameters? Rules = null);

/// <summary>An epoch's seed and the VRF evidence for it.</summary>
[GenerateSerializer, Immutable, Alias("provsim.EpochInfo")]
public sealed record EpochInfo(long Epoch, long StartSlot, byte[] Alpha, byte[] Pi, byte[] Seed);
