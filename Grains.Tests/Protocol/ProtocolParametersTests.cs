// The protocol parameters (DESIGN.md §1): the design's defaults are valid, and each invalid value is
// reported under its scenario key, and only under that key.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class ProtocolParametersTests
{
    [Fact]
    public void DefaultsAreTheDesignsAndValidateClean()
    {
        var p = new ProtocolParameters();
        Assert.Empty(p.Validate());
        Assert.Equal(3, p.K);
        Assert.Equal([600_000L, 250_000L, 150_000L], p.TiersPpm.ToArray());
        Assert.Equal(AllocationWeight.Uniform, p.AllocationWeight);
        Assert.Equal(1_000_000, p.SlotMicros);
        Assert.Equal(1_000_000, ProtocolParameters.Ppm);
    }

    [Theory]
    [InlineData("min_stake<0", "min_stake")]
    [InlineData("join_challenges<0", "join_challenges")]
    [InlineData("pow_rate>1", "pow_rate")]
    [InlineData("pow_rate<0", "pow_rate")]
    [InlineData("pow_slack<0", "pow_slack")]
    [InlineData("pow_slash>1", "pow_slash")]
    [InlineData("pow_slash<0", "pow_slash")]
    [InlineData("pow_cycles=15", "pow_cycles")]
    [InlineData("pow_cycles=2^32", "pow_cycles")]
    [InlineData("pow_reward<0", "pow_reward")]
    [InlineData("cooldown<1", "cooldown")]
    [InlineData("tiers too short", "tiers")]
    [InlineData("tiers too long", "tiers")]
    [InlineData("tiers with a zero", "tiers")]
    [InlineData("tiers with a negative", "tiers")]
    [InlineData("tiers sum below 1", "tiers")]
    [InlineData("tiers sum above 1", "tiers")]
    [InlineData("reward<0", "reward")]
    [InlineData("fee<0", "fee_per_megacycle")]
    [InlineData("slot_length=0", "slot_length")]
    [InlineData("epoch_slots=0", "epoch_slots")]
    [InlineData("market_candidates<0", "market_candidates")]
    [InlineData("input_deadline=0", "input_deadline")]
    [InlineData("jitter=1", "jitter")]
    [InlineData("jitter<0", "jitter")]
    public void EachInvalidParameterIsReportedUnderItsKeyAlone(string change, string key)
    {
        var problems = Invalid(change).Validate();
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal(key, p.Key));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Problem)));
    }

    [Fact]
    public void KZeroIsReportedAndTheDefaultTiersNoLongerMatchIt()
    {
        var problems = (new ProtocolParameters() with { K = 0 }).Validate();
        Assert.Equal(["k", "tiers"], problems.Select(p => p.Key).Distinct().Order());
    }

    [Fact]
    public void TiersNotSummingToOneAndWithAZeroAreBothReported()
    {
        var problems = (new ProtocolParameters() with { TiersPpm = [600_000, 250_000, 0] }).Validate();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal("tiers", p.Key));
    }

    [Fact]
    public void SeveralProblemsAreAllReported()
    {
        var p = new ProtocolParameters() with { MinStake = -1, Reward = -5, EpochSlots = 0 };
        Assert.Equal(["epoch_slots", "min_stake", "reward"], p.Validate().Select(x => x.Key).Order());
    }

    [Fact]
    public void BoundaryValuesAreValid()
    {
        var p = new ProtocolParameters() with
        {
            MinStake = 0,
            JoinChallenges = 0,
            PowRatePpm = ProtocolParameters.Ppm,
            PowSlashPpm = ProtocolParameters.Ppm,
            PowSlackMicros = 0,
            PowCycles = 16,
            CooldownSlots = 1,
            Reward = 10,
            FeePerMegacycle = 0,
            EpochSlots = 1,
            MarketCandidates = 0,
            InputDeadlineMicros = 1,
            JitterPpm = 999_999,
        };
        Assert.Empty(p.Validate());
        Assert.Empty((p with { PowCycles = (1L << 32) - 1, PowRatePpm = 0 }).Validate());
        Assert.Empty((p with { K = 1, TiersPpm = [1_000_000] }).Validate());
        Assert.Empty((p with { K = 4, TiersPpm = [400_000, 300_000, 200_000, 100_000] }).Validate());
    }

    [Fact]
    public void EveryTierMustPaySomething()
    {
        // 0.6 / 0.25 / 0.15 of 7 round down to 4, 1, 1 and the remainder 1 goes to the first: 5, 1, 1.
        Assert.Empty((new ProtocolParameters() with { Reward = 7 }).Validate());

        // Of 6: 3, 1, 0 (remainder 2 to the first): the third finisher would earn no reward.
        Assert.Equal([("tiers", "tier 3 pays 0 base units of reward 6: every completing prover must earn some reward (raise reward or that tier)")], (new ProtocolParameters() with { Reward = 6 }).Validate());
        Assert.Equal("tiers", Assert.Single((new ProtocolParameters() with { Reward = 0 }).Validate()).Key);
    }

    private static ProtocolParameters Invalid(string change)
    {
        var p = new ProtocolParameters();
        return change switch
        {
            "min_stake<0" => p with { MinStake = -1 },
            "join_challenges<0" => p with { JoinChallenges = -1 },
            "pow_rate>1" => p with { PowRatePpm = 1_000_001 },
            "pow_rate<0" => p with { PowRatePpm = -1 },
            "pow_slack<0" => p with { PowSlackMicros = -1 },
            "pow_slash>1" => p with { PowSlashPpm = 1_000_001 },
            "pow_slash<0" => p with { PowSlashPpm = -1 },
            "pow_cycles=15" => p with { PowCycles = 15 },
            "pow_cycles=2^32" => p with { PowCycles = 1L << 32 },
            "pow_reward<0" => p with { PowReward = -1 },
            "cooldown<1" => p with { CooldownSlots = 0 },
            "tiers too short" => p with { TiersPpm = [600_000, 400_000] },
            "tiers too long" => p with { TiersPpm = [600_000, 250_000, 100_000, 50_000] },
            "tiers with a zero" => p with { K = 4, TiersPpm = [600_000, 250_000, 150_000, 0] },
            "tiers with a negative" => p with { TiersPpm = [700_000, 400_000, -100_000] },
            "tiers sum below 1" => p with { TiersPpm = [600_000, 250_000, 149_999] },
            "tiers sum above 1" => p with { TiersPpm = [600_000, 250_000, 150_001] },
            "reward<0" => p with { Reward = -1 },
            "fee<0" => p with { FeePerMegacycle = -1 },
            "slot_length=0" => p with { SlotMicros = 0 },
            "epoch_slots=0" => p with { EpochSlots = 0 },
            "market_candidates<0" => p with { MarketCandidates = -1 },
            "input_deadline=0" => p with { InputDeadlineMicros = 0 },
            "jitter=1" => p with { JitterPpm = ProtocolParameters.Ppm },
            "jitter<0" => p with { JitterPpm = -1 },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
    }
}
