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

    /// <summary>
    /// Phase 2 under vrf-single-fallback: the workload's one prover (SingleFallback.First), the previous
    /// slot's first choices <paramref name="excluded"/>, with the hardware it declared; null when none is eligible.
    /// </summary>
    [Alias("DrawFirst")]
    Task<SnapshotMember?> DrawFirstAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, ImmutableArray<long> excluded);

    /// <summary>Phase 5 under vrf-single-fallback: the fallback of a workload whose first prover declined or missed its deadline.</summary>
    [Alias("DrawFallback")]
    Task<SnapshotMember?> DrawFallbackAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, long first);

    /// <summary>
    /// Phase 7 under vrf-single-fallback: the first provers of the workloads a fallback rescued leave the
    /// set (the cooldown starts; nothing slashed) and are drawn no more. Returns those it ejected; a
    /// repeated slot returns its first answer.
    /// </summary>
    [Alias("Eject")]
    Task<ImmutableArray<long>> EjectAsync(long slot, ImmutableArray<long> provers);

    /// <summary>
    /// Under reverse-auction: the eligible members' standing bids at or under <paramref name="ceiling"/>, in
    /// the order the price reaches them (PriceOrder, ties by the workload's VRF output), <paramref name="take"/>
    /// of them after the first <paramref name="skip"/>.
    /// </summary>
    [Alias("AuctionOrder")]
    Task<ImmutableArray<SnapshotMember>> AuctionOrderAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, long ceiling, int skip, int take);

    /// <summary>
    /// Under ramp-and-lock, after a lock timed out: up to market_candidates eligible members other than the
    /// locker whose standing bid <paramref name="price"/> meets, drawn by the workload's VRF output.
    /// </summary>
    [Alias("Race")]
    Task<ImmutableArray<SnapshotMember>> RaceAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, long locker, long price);

    /// <summary>
    /// Phase 7 under reverse-auction and ramp-and-lock: the collateral of winners that missed their deadline
    /// or locks that timed out, taken from the locked stake (at most what is locked) and burned, or half of it
    /// to whoever fulfilled instead. A repeated slot returns its first answer.
    /// </summary>
    [Alias("Forfeit")]
    Task<ImmutableArray<Forfeit>> ForfeitAsync(long slot, ImmutableArray<Forfeit> asked);

    [Alias("Members")]
    Task<ImmutableArray<MemberView>> MembersAsync();
}
