// The protocol parameters (DESIGN.md §1) in one table: each one's scenario key, unit, allowed values and
// meaning, in the order scenario files, summary.json and the scenario reference list them. The defaults
// are ProtocolParameters' own. The scenario parser, ProtocolParameters.Validate, the parameters of
// summary.json and the `protocol` table of Scenarios/README.md all come from here.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

public static class ProtocolParameterTable
{
    public static readonly ImmutableArray<ProtocolParameter> All =
    [
        new NumberParameter(
            "min_stake", ParameterUnit.BaseUnits, "stake a prover must lock to join",
            0, long.MaxValue, p => p.MinStake, (p, v) => p with { MinStake = v }),
        new NumberParameter(
            "join_challenges", ParameterUnit.Count, "PoW challenges a prover must pass to become a member",
            0, 100, p => p.JoinChallenges, (p, v) => p with { JoinChallenges = checked((int)v) }),
        new NumberParameter(
            "pow_rate", ParameterUnit.FractionPerSlot, "chance per slot that a member is drawn (by the slot's VRF beacon) for a random PoW challenge",
            0, ProtocolParameters.Ppm, p => p.PowRatePpm, (p, v) => p with { PowRatePpm = v }),
        new NumberParameter(
            "pow_slack", ParameterUnit.Seconds, "time a challenge allows beyond its input transfer and its lanes' cycles at the declared hardware",
            0, MaxMicros, p => p.PowSlackMicros, (p, v) => p with { PowSlackMicros = v }),
        new NumberParameter(
            "pow_slash", ParameterUnit.Fraction, "share of stake burned when a challenge is missed (the prover is removed either way)",
            0, ProtocolParameters.Ppm, p => p.PowSlashPpm, (p, v) => p with { PowSlashPpm = v }),
        new NumberParameter(
            "pow_cycles", ParameterUnit.Cycles, "size of a PoW challenge, spread over one lane per declared core (the exact count comes from the program)",
            16, uint.MaxValue, p => p.PowCycles, (p, v) => p with { PowCycles = v }),
        new NumberParameter(
            "pow_transfer", ParameterUnit.Seconds, "time a challenge's input takes to arrive at the declared bandwidth (sized per prover; 0: no input, bandwidth untested)",
            0, 3_600_000_000, p => p.PowTransferMicros, (p, v) => p with { PowTransferMicros = v }),
        new ChoiceParameter(
            "challenge_priority", "a challenge meeting busy job slots: preempt runs it at once and delays the job it interrupts; queue waits for a slot",
            [.. Enum.GetNames<ChallengePriority>().Select(n => n.ToLowerInvariant())],
            p => p.ChallengePriority.ToString().ToLowerInvariant(),
            (p, v) => p with { ChallengePriority = Enum.Parse<ChallengePriority>(v, ignoreCase: true) }),
        new NumberParameter(
            "pow_reward", ParameterUnit.BaseUnits, "paid per passed challenge",
            0, long.MaxValue, p => p.PowReward, (p, v) => p with { PowReward = v }),
        new NumberParameter(
            "cooldown", ParameterUnit.Slots, "after leaving or removal, slots before the stake unlocks (there is always one)",
            1, int.MaxValue, p => p.CooldownSlots, (p, v) => p with { CooldownSlots = checked((int)v) }),
        new NumberParameter(
            "k", ParameterUnit.Provers, "provers allocated per workload",
            1, 64, p => p.K, (p, v) => p with { K = checked((int)v) }),
        new SharesParameter(
            "tiers", "network reward split by finishing order (a list is required when k is not the default)",
            "k", p => p.K, p => p.TiersPpm, (p, v) => p with { TiersPpm = v }),
        new NumberParameter(
            "reward", ParameterUnit.BaseUnits, "network reward per completed workload",
            0, long.MaxValue, p => p.Reward, (p, v) => p with { Reward = v }),
        new NumberParameter(
            "fee_per_megacycle", ParameterUnit.BaseUnits, "user fee per million cycles, per completing prover",
            0, long.MaxValue, p => p.FeePerMegacycle, (p, v) => p with { FeePerMegacycle = v }),
        new ChoiceParameter(
            "allocation_weight", "how the VRF draws k provers from the eligible members",
            [.. Enum.GetNames<AllocationWeight>().Select(n => n.ToLowerInvariant())],
            p => p.AllocationWeight.ToString().ToLowerInvariant(),
            (p, v) => p with { AllocationWeight = Enum.Parse<AllocationWeight>(v, ignoreCase: true) }),
        new NumberParameter(
            "slot_length", ParameterUnit.Seconds, "virtual length of a slot",
            1, MaxMicros, p => p.SlotMicros, (p, v) => p with { SlotMicros = v }),
        new NumberParameter(
            "epoch_slots", ParameterUnit.Slots, "slots per epoch (the active-set snapshot and epoch seed change at each boundary)",
            1, int.MaxValue, p => p.EpochSlots, (p, v) => p with { EpochSlots = checked((int)v) }),
        new NumberParameter(
            "market_candidates", ParameterUnit.Provers, "cap on the contenders drawn to race for a workload's open slots (limited attention and compute)",
            0, 1_000, p => p.MarketCandidates, (p, v) => p with { MarketCandidates = checked((int)v) }),
        new NumberParameter(
            "input_deadline", ParameterUnit.Seconds, "a prover whose input transfer takes longer declines",
            1, MaxMicros, p => p.InputDeadlineMicros, (p, v) => p with { InputDeadlineMicros = v }),
        new NumberParameter(
            "jitter", ParameterUnit.Fraction, "multiplicative jitter of each job's compute time, from its own stream",
            0, ProtocolParameters.Ppm - 1, p => p.JitterPpm, (p, v) => p with { JitterPpm = v }),
    ];

    public static readonly ImmutableArray<string> Keys = [.. All.Select(p => p.Key)];

    /// <summary>The longest time a scenario may set, 10⁹ seconds, in microseconds.</summary>
    private const long MaxMicros = 1_000_000_000_000_000;
}
