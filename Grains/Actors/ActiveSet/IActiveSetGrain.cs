// The active prover set (DESIGN.md §1): membership, PoW challenges and their verdicts, epoch snapshots,
// allocation draws. It moves the stake it locks, unlocks and slashes, and mints PoW rewards, itself.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.ActiveSet;

[Alias("provsim.IActiveSetGrain")]
public interface IActiveSetGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync(ProtocolParameters parameters, ImmutableArray<ScheduledProver> provers);

    /// <summary>
    /// Phase 1: this slot's joins lock stake, leaves start the cooldown, ended cooldowns unlock, and the
    /// joiners and the members drawn by the slot's beacon are issued PoW challenges.
    /// </summary>
    [Alias("Lifecycle")]
    Task<LifecycleResult> LifecycleAsync(long slot, byte[] slotBeacon);

    /// <summary>Phase 4: the validators' verdicts on this slot's challenge answers, kept until the deadlines.</summary>
    [Alias("RecordAnswers")]
    Task RecordAnswersAsync(long slot, ImmutableArray<ChallengeAnswer> answers);

    /// <summary>Phase 7: the challenges whose deadline falls in this slot pass or remove their prover.</summary>
    [Alias("Judge")]
    Task<JudgementResult> JudgeAsync(long slot);

    /// <summary>Phase 0: freezes the members for the epoch, sorted by id.</summary>
    [Alias("FreezeSnapshot")]
    Task<ImmutableArray<SnapshotMember>> FreezeSnapshotAsync(long epoch);

    /// <summary>Phase 2: <paramref name="k"/> distinct eligible provers of the epoch's snapshot from a VRF output.</summary>
    [Alias("Draw")]
    Task<ImmutableArray<long>> DrawAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, int k);

    /// <summary>Phase 5: the market candidates for one open slot, excluding provers already on the workload.</summary>
    [Alias("DrawMarket")]
    Task<ImmutableArray<long>> DrawMarketAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, int slotIndex, ImmutableArray<long> exclude);

    [Alias("Members")]
    Task<ImmutableArray<MemberView>> MembersAsync();
}
