// Every protocol rule's parameter (DESIGN.md §1), with the defaults of the design. Money is in integer
// base units, time in virtual microseconds, fractions in parts per million so that splits are exact.
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

    /// <summary>Checks the rules' own invariants; returns (parameter, problem) pairs, empty when valid.</summary>
    public IReadOnlyList<(string Key, string Problem)> Validate()
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string key, string problem)
        {
            if (!ok)
            {
                problems.Add((key, problem));
            }
        }

        Require(MinStake >= 0, "min_stake", "must be ≥ 0");
        Require(JoinChallenges >= 0, "join_challenges", "must be ≥ 0");
        Require(PowRatePpm is >= 0 and <= Ppm, "pow_rate", "must be between 0 and 1");
        Require(PowSlackMicros >= 0, "pow_slack", "must be ≥ 0");
        Require(PowSlashPpm is >= 0 and <= Ppm, "pow_slash", "must be between 0 and 1");
        Require(PowCycles is >= 16 and < (1L << 32), "pow_cycles", "must be between 16 and 2^32 − 1");
        Require(PowReward >= 0, "pow_reward", "must be ≥ 0");
        Require(CooldownSlots >= 0, "cooldown", "must be ≥ 0 slots");
        Require(K >= 1, "k", "must be ≥ 1");
        Require(TiersPpm.Length == K, "tiers", $"must have exactly k = {K} entries, one per finishing rank");
        Require(TiersPpm.All(t => t > 0), "tiers", "every tier must be > 0 (every completing prover earns a share)");
        Require(TiersPpm.Sum() == Ppm, "tiers", "must sum to 1");
        Require(Reward >= 0, "reward", "must be ≥ 0");
        Require(FeePerMegacycle >= 0, "fee_per_megacycle", "must be ≥ 0");
        Require(SlotMicros > 0, "slot_length", "must be > 0");
        Require(EpochSlots >= 1, "epoch_slots", "must be ≥ 1");
        Require(MarketCandidates >= 0, "market_candidates", "must be ≥ 0");
        Require(InputDeadlineMicros > 0, "input_deadline", "must be > 0");
        Require(JitterPpm is >= 0 and < Ppm, "jitter", "must be between 0 and 1 (exclusive)");
        return problems;
    }
}
