// The active prover set (DESIGN.md §1): membership, challenges' verdicts, epoch snapshots, allocation.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.ActiveSet;

[Alias("provsim.IActiveSetGrain")]
public interface IActiveSetGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync(ProtocolParameters parameters);

    /// <summary>Phase 1: joins lock stake, leaves start the cooldown, ended cooldowns unlock, members are drawn for PoW.</summary>
    [Alias("Lifecycle")]
    Task<LifecycleResult> LifecycleAsync(long slot, ImmutableArray<JoinRequest> joins, ImmutableArray<long> leaves, byte[] slotBeacon);

    /// <summary>Phase 7: challenges whose deadline fell in this slot, in canonical order.</summary>
    [Alias("Judge")]
    Task<JudgementResult> JudgeAsync(long slot, ImmutableArray<ChallengeVerdict> verdicts);

    /// <summary>Phase 0: freezes the members for the epoch, sorted by id.</summary>
    [Alias("FreezeSnapshot")]
    Task<ImmutableArray<SnapshotMember>> FreezeSnapshotAsync(long epoch);

    /// <summary>Phase 2: k distinct eligible provers of the epoch's snapshot from a VRF output.</summary>
    [Alias("Draw")]
    Task<ImmutableArray<long>> DrawAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput);

    /// <summary>Phase 5: the market candidates for one open slot, excluding provers already on the workload.</summary>
    [Alias("DrawMarket")]
    Task<ImmutableArray<long>> DrawMarketAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, int slotIndex, ImmutableArray<long> exclude);

    [Alias("Members")]
    Task<ImmutableArray<MemberView>> MembersAsync();
}
