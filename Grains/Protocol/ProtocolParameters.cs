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

/// <summary>What a PoW challenge does to the job it meets on a busy job slot.</summary>
public enum ChallengePriority
{
    /// <summary>It runs at once; the job it interrupts (and the work queued behind it) finishes later by its duration.</summary>
    Preempt,
    /// <summary>It waits for a job slot like any job, and can miss its deadline behind running work.</summary>
    Queue,
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
    /// <summary>How long a challenge's input takes to arrive at the declared bandwidth (it is sized per prover); 0 = no input.</summary>
    public long PowTransferMicros { get; init; } = 100_000;
    public ChallengePriority ChallengePriority { get; init; } = ChallengePriority.Preempt;
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
    /// Checks every parameter against its row of ProtocolParameterTable (its range; the tiers also against k),
    /// then the rules that tie parameters together; returns (scenario key, problem) pairs, empty when valid.
    /// </summary>
    public IReadOnlyList<(string Key, string Problem)> Validate()
    {
        var problems = ProtocolParameterTable.All.SelectMany(parameter => parameter.Problems(this).Select(problem => (parameter.Key, problem))).ToList();
        if (problems.Count > 0)
        {
            return problems;
        }

        // Every completing prover earns some network reward: no tier may round down to nothing.
        var shares = Rewards.TierShares(Reward, TiersPpm, TiersPpm.Length);
        if (shares.IndexOf(0) is var rank and >= 0)
        {
            problems.Add(("tiers", $"tier {rank + 1} pays 0 base units of reward {Reward}: every completing prover must earn some reward (raise reward or that tier)"));
        }

        // Stake weighting draws in proportion to stake: a member with none could never be drawn.
        if (AllocationWeight == AllocationWeight.Stake && MinStake < 1)
        {
            problems.Add(("allocation_weight", "stake weighting needs min_stake ≥ 1 (a member with no stake could never be drawn)"));
        }

        return problems;
    }

    /// <summary>
    /// What is allowed but departs from the protocol's text, as (scenario key, warning) pairs: the tiers
    /// should not rise with finishing rank, and the first should be the majority of the reward.
    /// </summary>
    public IReadOnlyList<(string Key, string Warning)> Warnings()
    {
        var warnings = new List<(string, string)>();
        if (TiersPpm.Zip(TiersPpm.Skip(1)).Any(pair => pair.Second > pair.First))
        {
            warnings.Add(("tiers", "a later finisher earns more than an earlier one (the protocol pays by speed: tiers should not increase)"));
        }

        if (TiersPpm.Length > 1 && !TiersPpm.IsDefaultOrEmpty && TiersPpm[0] * 2 <= Ppm)
        {
            warnings.Add(("tiers", "the first tier is not the majority of the reward (the protocol gives the first proof the majority)"));
        }

        return warnings;
    }
}
