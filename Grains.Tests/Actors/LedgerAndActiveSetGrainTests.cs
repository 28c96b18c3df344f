// The Ledger and ActiveSet grains on the test cluster: batches apply once per (slot, operation) and all
// or nothing, and a committed slot's batches never apply again; joins below min_stake are refused;
// challenges are issued to joiners, judged at their deadline, and a miss removes and slashes; the
// cooldown unlocks what is left; snapshots are sorted by id and draws come only from the frozen one.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors;
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
        await ledger.BeginSlotAsync(-1);
        await ledger.ApplyAsync(-1, "genesis", [new LedgerEntry(null, alice, 100, EntryKind.Genesis)]);
        await ledger.ApplyAsync(0, "pay", [new LedgerEntry(alice, bob, 30, EntryKind.Fee)]);
        await ledger.ApplyAsync(0, "pay", [new LedgerEntry(alice, bob, 30, EntryKind.Fee)]);

        var rejected = await Assert.ThrowsAsync<LedgerRejectedException>(() => ledger.ApplyAsync(1, "pay", [
            new LedgerEntry(alice, bob, 50, EntryKind.Fee),
            new LedgerEntry(alice, null, 50, EntryKind.FeeBurn),
        ]));
        Assert.Contains("'1/pay' rejected: account user:1 holds 20, cannot pay 50 (FeeBurn)", rejected.Message);

        // Slot 0 committed: its operations, sent again by a retried caller, have no second effect.
        await ledger.BeginSlotAsync(0);
        await ledger.CommitAsync(0);
        await ledger.ApplyAsync(0, "other", [new LedgerEntry(alice, bob, 10, EntryKind.Fee)]);

        var view = await ledger.ViewAsync();
        Assert.Equal((100L, 0L), (view.Minted, view.Burned));
        Assert.Equal([(bob, 30L), (alice, 70L)], view.Balances.OrderBy(b => b.Account).ToArray());
        Assert.Equal(30, view.Credits.Single(c => c.Account == bob && c.Kind == EntryKind.Fee).Amount);
    }

    // An activation that saw no slot begin took over in the middle of one: it applies nothing and commits
    // nothing (its predecessor's batches are gone), so the slot runs again from its beginning.
    [Fact]
    public async Task ALedgerThatSawNoSlotBeginRefusesToApplyEscrowOrCommit()
    {
        var ledger = fixture.Client.GetGrain<ILedgerGrain>($"ledger-{Guid.NewGuid():N}");

        var apply = await Assert.ThrowsAsync<SlotStateLostException>(() => ledger.ApplyAsync(3, "settle/1", [LedgerEntries.Genesis(AccountId.User(0), 5)]));
        var escrow = await Assert.ThrowsAsync<SlotStateLostException>(() => ledger.EscrowAsync(3, "escrow/1", LedgerEntries.Escrow(0, 1, 5)));
        var commit = await Assert.ThrowsAsync<SlotStateLostException>(() => ledger.CommitAsync(3));

        Assert.Contains("cannot apply in slot 3: this activation started in the middle of the slot", apply.Message);
        Assert.Contains("cannot escrow in slot 3", escrow.Message);
        Assert.Contains("cannot commit slot 3: this activation did not see it begin (it started in the middle of the slot)", commit.Message);

        // Once the slot begins it works, and an earlier slot's begin does not let it commit a later one.
        await ledger.BeginSlotAsync(3);
        await ledger.ApplyAsync(3, "genesis", [LedgerEntries.Genesis(AccountId.User(0), 5)]);
        await ledger.CommitAsync(3);
        Assert.Contains("it saw slot 3 begin", (await Assert.ThrowsAsync<SlotStateLostException>(() => ledger.CommitAsync(4))).Message);
        Assert.Equal(5, (await ledger.ViewAsync()).Minted);
    }

    [Fact]
    public async Task ASettledEscrowAccountClosesButItsFlowsStayInTheTotals()
    {
        var ledger = fixture.Client.GetGrain<ILedgerGrain>($"ledger-{Guid.NewGuid():N}");
        await ledger.BeginSlotAsync(-1);
        await ledger.ApplyAsync(-1, "genesis", [LedgerEntries.Genesis(AccountId.User(0), 100)]);
        await ledger.ApplyAsync(0, "escrow/7", [LedgerEntries.Escrow(0, 7, 60)]);
        await ledger.ApplyAsync(0, "settle/7", [new LedgerEntry(AccountId.Escrow(7), AccountId.Prover(1), 45, EntryKind.Fee), new LedgerEntry(AccountId.Escrow(7), null, 15, EntryKind.FeeBurn)]);
        await ledger.BeginSlotAsync(0);
        await ledger.CommitAsync(0);

        var view = await ledger.ViewAsync();
        Assert.DoesNotContain(view.Balances, b => b.Account.Kind == AccountKind.Escrow);
        Assert.DoesNotContain(view.Debits, d => d.Account.Kind == AccountKind.Escrow);
        Assert.Equal((60L, 45L, 15L), (view.CreditTotal(EntryKind.Escrow), view.CreditTotal(EntryKind.Fee), view.DebitTotal(EntryKind.FeeBurn)));
        Assert.Equal((100L, 15L, 85L), (view.Minted, view.Burned, view.Held));
    }

    [Fact]
    public async Task ALedgerRestoredFromItsJournalReplaysASlotInTheOrderItWasApplied()
    {
        // Prover 32 joins (its stake is locked) and is slashed in the same slot: replayed as applied the
        // journal restores; replayed by operation name ("judge" before "lifecycle") it would overdraw.
        var ledger = fixture.Client.GetGrain<ILedgerGrain>($"ledger-{Guid.NewGuid():N}");
        await ledger.BeginSlotAsync(-1);
        await ledger.ApplyAsync(-1, "genesis", [LedgerEntries.Genesis(AccountId.Prover(32), 1_000)]);
        await ledger.CommitAsync(-1);
        await ledger.BeginSlotAsync(0);
        await ledger.ApplyAsync(0, "lifecycle", [LedgerEntries.StakeLock(32, 1_000)]);
        await ledger.ApplyAsync(0, "judge", [LedgerEntries.Slash(32, 500)]);
        await ledger.CommitAsync(0);

        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var view = await ledger.ViewAsync();
        Assert.Equal((1_000L, 500L), (view.Minted, view.Burned));
        Assert.Equal(500, view.Balances.Single(b => b.Account == AccountId.StakeOf(32)).Balance);
    }

    [Fact]
    public async Task MembershipFollowsTheJoinChallengeAndCooldownRules()
    {
        var parameters = new ProtocolParameters { MinStake = 100, JoinChallenges = 1, PowRatePpm = 0, PowSlashPpm = 100_000, CooldownSlots = 3, PowCycles = 1_000, PowTransferMicros = 900_000 };
        var set = await TestRuns.ActiveSetAsync(fixture.Client, "set", parameters,
            [(new(5, 1_000, Hardware, true), 0, -1), (new(3, 1_000, Hardware, false), 0, -1), (new(4, 99, Hardware, true), 0, -1)]);

        var lifecycle = await set.LifecycleAsync(0, new byte[32]);
        Assert.Equal([3L, 5L], lifecycle.Joined.Select(j => j.ProverId).ToArray());
        Assert.Equal((4L, "stake 99 is below min_stake 100"), Assert.Single(lifecycle.Refused));
        Assert.Empty(await set.FreezeSnapshotAsync(0));

        // One join challenge each, in prover order, testing the declared hardware: 8 lanes (one per core)
        // of n = (⌊(1,000 − 2) / 8⌋ − 9) / 5 = 23, so 5 · 23 + 9 = 124 cycles each and 2 + 8 · 124 = 994 in
        // all; an input of 100 Mbps · 0.9 s / 8 = 11,250,000 bytes; 32 GB and no GPU. Due after the input
        // (0.9 s), one wave of lanes at the declared 1,000 cycles/s (126 ms) and the 0.2 s slack.
        Assert.Equal([(0L, 3L), (1L, 5L)], lifecycle.Challenges.Select(c => (c.ChallengeId, c.ProverId)).ToArray());
        var challenge = lifecycle.Challenges[0];
        Assert.Equal((8, 124L, 994L, 11_250_000L, 32, 0), (challenge.Lanes, challenge.LaneCycles, challenge.ExactCycles, challenge.InputBytes, challenge.MemoryGb, challenge.Gpus));
        Assert.Equal(17, challenge.Input.Length);
        Assert.Equal(900_000 + 126_000 + 200_000, challenge.DeadlineMicros);
        await set.RecordAnswersAsync(0, [new ChallengeAnswer(1, 5, challenge.DeadlineMicros, Correct: true), new ChallengeAnswer(0, 3, 1_000, Correct: false)]);

        // Nothing is judged before the deadline's slot (1.2 s into slot 1).
        Assert.Equal((0, 0, 2), ((await set.JudgeAsync(0)).Passed, (await set.JudgeAsync(0)).Missed, (await set.JudgeAsync(0)).StillPending));
        var judgement = await set.JudgeAsync(1);
        Assert.Equal((1, 1, 0), (judgement.Passed, judgement.Missed, judgement.StillPending));
        Assert.Equal([5L], judgement.Activated.ToArray());
        Assert.Equal([(3L, 100L)], judgement.Removed.ToArray());

        var snapshot = await set.FreezeSnapshotAsync(1);
        Assert.Equal(5, Assert.Single(snapshot).ProverId);
        var drawn = await set.DrawAsync(1, HardwareRequirement.None, new byte[32], 3);
        Assert.Equal(5L, Assert.Single(drawn));
        Assert.Empty(await set.DrawAsync(1, HardwareRequirement.None with { MinGpus = 1 }, new byte[32], 3));
        await Assert.ThrowsAnyAsync<Exception>(() => set.DrawAsync(0, HardwareRequirement.None, new byte[32], 3));

        // Prover 3 was removed at slot 1 with a 3-slot cooldown: its 900 left unlock at slot 4, not before.
        Assert.Empty((await set.LifecycleAsync(3, new byte[32])).Unlocked);
        Assert.Equal([(3L, 900L)], (await set.LifecycleAsync(4, new byte[32])).Unlocked.ToArray());
        var members = await set.MembersAsync();
        Assert.Equal(MemberStatus.Exited, members.Single(m => m.ProverId == 3).Status);
        Assert.Equal(MemberStatus.Active, members.Single(m => m.ProverId == 5).Status);
    }
}
