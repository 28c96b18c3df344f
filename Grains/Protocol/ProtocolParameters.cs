// Every protocol rule's parameter (DESIGN.md §1), with the defaults of the design. Money is in integer
// base units, time in virtual microseconds, fractions in parts per million so that splits are exact.
// Their scenario keys, units, allowed values and meanings are in ProtocolParameterTable.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

public enum AllocationWeight
{
    Uniform,
    Stake,
}

public sealed record ProtocolParameters
{
    public const long Ppm = 1_000_000;

    public long MinStake { get; init; } = 1_000;
    public int JoinChallenges { get; init; } = 1;
    /// <summary>Probability per slot that a member receives a random PoW challenge, in ppm.</summary>
    public long PowRatePpm { get; init; } = 10_000;
    /// <summary>Extra time a challenge allows beyond its exact cycles at the declared speed.</summary>
    public long PowSlackMicros { get; init; } = 200_000;
    /// <summary>Share of stake burned when a challenge deadline is missed, in ppm.</summary>
    public long PowSlashPpm { get; init; }
    /// <summary>Target size of a PoW challenge in VM cycles (the exact count comes from the program).</summary>
    public long PowCycles { get; init; } = 2_000;
    public long PowReward { get; init; } = 10;
    /// <summary>Slots between leaving (or removal) and the stake unlocking.</summary>
    public int CooldownSlots { get; init; } = 10;
    public int K { get; init; } = 3;
    public ImmutableArray<long> TiersPpm { get; init; } = [600_000, 250_000, 150_000];
    public long Reward { get; init; } = 1_000;
    public long FeePerMegacycle { get; init; } = 100_000;
    public AllocationWeight AllocationWeight { get; init; } = AllocationWeight.Uniform;
    public long SlotMicros { get; init; } = 1_000_000;
    public int EpochSlots { get; init; } = 10;
    public int MarketCandidates { get; init; } = 3;
    /// <summary>A prover declines when the input would take longer than this to arrive.</summary>
    public long InputDeadlineMicros { get; init; } = 500_000;
    /// <summary>Spread of the seeded multiplicative jitter on compute time, in ppm (0 = none).</summary>
    public long JitterPpm { get; init; }

    /// <summary>
    /// Checks every parameter against its row of ProtocolParameterTable (its range; the tiers also against k);
    /// returns (scenario key, problem) pairs, empty when valid.
    /// </summary>
    public IReadOnlyList<(string Key, string Problem)> Validate() =>
        [.. ProtocolParameterTable.All.SelectMany(parameter => parameter.Problems(this).Select(problem => (parameter.Key, problem)))];
}
