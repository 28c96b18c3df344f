// Orleans surrogates for the Protocol types that cross grain boundaries, so that Grains/Protocol stays
// free of Orleans attributes (DESIGN.md §3: the rules know nothing of Orleans).
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Serialization;

[GenerateSerializer, Immutable, Alias("provsim.HardwareProfile")]
public readonly record struct HardwareProfileSurrogate(int CpuCores, int MemoryGb, int Gpus, long BandwidthMbps, long CyclesPerSecond);

[RegisterConverter]
public sealed class HardwareProfileConverter : IConverter<HardwareProfile, HardwareProfileSurrogate>
{
    public HardwareProfile ConvertFromSurrogate(in HardwareProfileSurrogate s) => new(s.CpuCores, s.MemoryGb, s.Gpus, s.BandwidthMbps, s.CyclesPerSecond);

    public HardwareProfileSurrogate ConvertToSurrogate(in HardwareProfile v) => new(v.CpuCores, v.MemoryGb, v.Gpus, v.BandwidthMbps, v.CyclesPerSecond);
}

[GenerateSerializer, Immutable, Alias("provsim.HardwareRequirement")]
public readonly record struct HardwareRequirementSurrogate(int MinCpuCores, int MinMemoryGb, int MinGpus, long MinBandwidthMbps, long MinCyclesPerSecond);

[RegisterConverter]
public sealed class HardwareRequirementConverter : IConverter<HardwareRequirement, HardwareRequirementSurrogate>
{
    public HardwareRequirement ConvertFromSurrogate(in HardwareRequirementSurrogate s) => new(s.MinCpuCores, s.MinMemoryGb, s.MinGpus, s.MinBandwidthMbps, s.MinCyclesPerSecond);

    public HardwareRequirementSurrogate ConvertToSurrogate(in HardwareRequirement v) => new(v.MinCpuCores, v.MinMemoryGb, v.MinGpus, v.MinBandwidthMbps, v.MinCyclesPerSecond);
}

[GenerateSerializer, Immutable, Alias("provsim.AccountId")]
public readonly record struct AccountIdSurrogate(AccountKind Kind, long Id);

[RegisterConverter]
public sealed class AccountIdConverter : IConverter<AccountId, AccountIdSurrogate>
{
    public AccountId ConvertFromSurrogate(in AccountIdSurrogate s) => new(s.Kind, s.Id);

    public AccountIdSurrogate ConvertToSurrogate(in AccountId v) => new(v.Kind, v.Id);
}

[GenerateSerializer, Immutable, Alias("provsim.LedgerEntry")]
public readonly record struct LedgerEntrySurrogate(AccountId? From, AccountId? To, long Amount, EntryKind Kind);

[RegisterConverter]
public sealed class LedgerEntryConverter : IConverter<LedgerEntry, LedgerEntrySurrogate>
{
    public LedgerEntry ConvertFromSurrogate(in LedgerEntrySurrogate s) => new(s.From, s.To, s.Amount, s.Kind);

    public LedgerEntrySurrogate ConvertToSurrogate(in LedgerEntry v) => new(v.From, v.To, v.Amount, v.Kind);
}

[GenerateSerializer, Immutable, Alias("provsim.PotClaim")]
public readonly record struct PotClaimSurrogate(long ProverId, long Cycles);

[RegisterConverter]
public sealed class PotClaimConverter : IConverter<PotClaim, PotClaimSurrogate>
{
    public PotClaim ConvertFromSurrogate(in PotClaimSurrogate s) => new(s.ProverId, s.Cycles);

    public PotClaimSurrogate ConvertToSurrogate(in PotClaim v) => new(v.ProverId, v.Cycles);
}

[GenerateSerializer, Immutable, Alias("provsim.ProtocolParameters")]
public readonly record struct ProtocolParametersSurrogate(
    long MinStake, int JoinChallenges, long PowRatePpm, long PowSlackMicros, long PowSlashPpm, long PowCycles, long PowReward,
    int CooldownSlots, int K, ImmutableArray<long> TiersPpm, long Reward, long FeePerMegacycle, AllocationWeight AllocationWeight,
    long SlotMicros, int EpochSlots, int MarketCandidates, long InputDeadlineMicros, long JitterPpm,
    long PowTransferMicros, ChallengePriority ChallengePriority);

[RegisterConverter]
public sealed class ProtocolParametersConverter : IConverter<ProtocolParameters, ProtocolParametersSurrogate>
{
    public ProtocolParameters ConvertFromSurrogate(in ProtocolParametersSurrogate s) => new()
    {
        MinStake = s.MinStake,
        JoinChallenges = s.JoinChallenges,
        PowRatePpm = s.PowRatePpm,
        PowSlackMicros = s.PowSlackMicros,
        PowSlashPpm = s.PowSlashPpm,
        PowCycles = s.PowCycles,
        PowReward = s.PowReward,
        CooldownSlots = s.CooldownSlots,
        K = s.K,
        TiersPpm = s.TiersPpm,
        Reward = s.Reward,
        FeePerMegacycle = s.FeePerMegacycle,
        AllocationWeight = s.AllocationWeight,
        SlotMicros = s.SlotMicros,
        EpochSlots = s.EpochSlots,
        MarketCandidates = s.MarketCandidates,
        InputDeadlineMicros = s.InputDeadlineMicros,
        JitterPpm = s.JitterPpm,
        PowTransferMicros = s.PowTransferMicros,
        ChallengePriority = s.ChallengePriority,
    };

    public ProtocolParametersSurrogate ConvertToSurrogate(in ProtocolParameters v) => new(
        v.MinStake, v.JoinChallenges, v.PowRatePpm, v.PowSlackMicros, v.PowSlashPpm, v.PowCycles, v.PowReward,
        v.CooldownSlots, v.K, v.TiersPpm, v.Reward, v.FeePerMegacycle, v.AllocationWeight,
        v.SlotMicros, v.EpochSlots, v.MarketCandidates, v.InputDeadlineMicros, v.JitterPpm,
        v.PowTransferMicros, v.ChallengePriority);
}

[GenerateSerializer, Immutable, Alias("provsim.Membership")]
public readonly record struct MembershipSurrogate(
    long ProverId, MemberStatus Status, long Stake, HardwareProfile Declared, int ChallengesPassed, long CooldownEndsSlot, bool Removed);

[RegisterConverter]
public sealed class MembershipConverter : IConverter<Membership, MembershipSurrogate>
{
    public Membership ConvertFromSurrogate(in MembershipSurrogate s) => new(s.ProverId, s.Status, s.Stake, s.Declared, s.ChallengesPassed, s.CooldownEndsSlot, s.Removed);

    public MembershipSurrogate ConvertToSurrogate(in Membership v) => new(v.ProverId, v.Status, v.Stake, v.Declared, v.ChallengesPassed, v.CooldownEndsSlot, v.Removed);
}

[GenerateSerializer, Immutable, Alias("provsim.CountedProof")]
public readonly record struct CountedProofSurrogate(long ProverId, long FinishMicros, int TieBreak);

[RegisterConverter]
public sealed class CountedProofConverter : IConverter<CountedProof, CountedProofSurrogate>
{
    public CountedProof ConvertFromSurrogate(in CountedProofSurrogate s) => new(s.ProverId, s.FinishMicros, s.TieBreak);

    public CountedProofSurrogate ConvertToSurrogate(in CountedProof v) => new(v.ProverId, v.FinishMicros, v.TieBreak);
}
