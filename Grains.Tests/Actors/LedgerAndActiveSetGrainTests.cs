// The Ledger and ActiveSet grains on the test cluster: batches apply once per key and all or nothing;
// joins below min_stake are refused; a missed challenge removes and slashes; snapshots are sorted by
// id and allocation draws only from the frozen snapshot.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Actors;

[Collection(ClusterCollection.Name)]
public sealed class LedgerAndActiveSetGrainTests(ClusterFixture fixture)
{
    private static readonly HardwareProfile Hardware = new(8, 32, 0, 100, 1_000);

    [Fact]
    public async Task LedgerAppliesEachOperationOnceAndRejectsAnOverdrawingBatchWhole()
    {
        var ledger = fixture.Client.GetGrain<ILedgerGrain>($"ledger-{Guid.NewGuid():N}");
        var alice = AccountId.User(1);
        var bob = AccountId.Prover(2);
        await ledger.ApplyAsync("genesis", [new LedgerEntry(null, alice, 100, EntryKind.Genesis)]);
        await ledger.ApplyAsync("0/pay", [new LedgerEntry(alice, bob, 30, EntryKind.Fee)]);
        await ledger.ApplyAsync("0/pay", [new LedgerEntry(alice, bob, 30, EntryKind.Fee)]);

        await Assert.ThrowsAsync<LedgerRejectedException>(() => ledger.ApplyAsync("1/pay", [
            new LedgerEntry(alice, bob, 50, EntryKind.Fee),
            new LedgerEntry(alice, null, 50, EntryKind.FeeBurn),
        ]));

        var view = await ledger.ViewAsync();
        Assert.Equal((100L, 0L), (view.Minted, view.Burned));
        Assert.Equal([(bob, 30L), (alice, 70L)], view.Balances.OrderBy(b => b.Account).ToArray());
        Assert.Equal(30, view.Credits.Single(c => c.Account == bob && c.Kind == EntryKind.Fee).Amount);
    }

    [Fact]
    public async Task MembershipFollowsTheJoinChallengeAndCooldownRules()
    {
        var set = fixture.Client.GetGrain<IActiveSetGrain>($"set-{Guid.NewGuid():N}");
        var parameters = new ProtocolParameters { MinStake = 100, JoinChallenges = 1, PowRatePpm = 0, PowSlashPpm = 100_000, CooldownSlots = 3 };
        await set.InitializeAsync(parameters);
        ImmutableArray<JoinRequest> joins = [new(5, 1_000, Hardware, true), new(3, 1_000, Hardware, false), new(4, 99, Hardware, true)];

        var lifecycle = await set.LifecycleAsync(0, joins, [], new byte[32]);
        Assert.Equal([3L, 5L], lifecycle.Joined.Select(j => j.ProverId).ToArray());
        Assert.Equal(4, Assert.Single(lifecycle.Refused).ProverId);
        Assert.Empty(await set.FreezeSnapshotAsync(0));

        var judgement = await set.JudgeAsync(0, [new ChallengeVerdict(5, 0, true), new ChallengeVerdict(3, 1, false)]);
        Assert.Equal([5L], judgement.Activated.ToArray());
        Assert.Equal([(3L, 100L)], judgement.Removed.ToArray());

        var snapshot = await set.FreezeSnapshotAsync(1);
        Assert.Equal(5, Assert.Single(snapshot).ProverId);
        var drawn = await set.DrawAsync(1, HardwareRequirement.None, new byte[32]);
        Assert.Equal(5L, Assert.Single(drawn));
        Assert.Empty(await set.DrawAsync(1, HardwareRequirement.None with { MinGpus = 1 }, new byte[32]));
        await Assert.ThrowsAnyAsync<Exception>(() => set.DrawAsync(0, HardwareRequirement.None, new byte[32]));

        // Prover 3 was removed at slot 0 with a 3-slot cooldown: its 900 left unlock at slot 3, not before.
        Assert.Empty((await set.LifecycleAsync(2, [], [], new byte[32])).Unlocked);
        Assert.Equal([(3L, 900L)], (await set.LifecycleAsync(3, [], [], new byte[32])).Unlocked.ToArray());
        var members = await set.MembersAsync();
        Assert.Equal(MemberStatus.Exited, members.Single(m => m.ProverId == 3).Status);
        Assert.Equal(MemberStatus.Active, members.Single(m => m.ProverId == 5).Status);
    }
}
