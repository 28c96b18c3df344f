// Rewards (DESIGN.md §1 "Rewards", "Cycles and outcomes"): tier shares with the rounding remainder to rank 0,
// fees rounded down, escrow, finishing order, and the settlement entries of completed, partly served,
// failed and unserved workloads — applied to a real ledger, which must balance.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class RewardsTests
{
    private const long WorkloadId = 77;
    private const long UserId = 42;
    private const long Cycles = 1_000_000;       // fee 100,000 at the default 100,000 per megacycle
    private const long PaidCycles = 2_000_000;   // escrow 200,000 · k = 600,000

    private static readonly ImmutableArray<long> DefaultTiers = [600_000, 250_000, 150_000];
    private static readonly ProtocolParameters P = new();
    private static readonly AccountId EscrowAccount = AccountId.Escrow(WorkloadId);
    private static readonly AccountId User = AccountId.User(UserId);

    [Theory]
    [InlineData(1_000, 3, new long[] { 600, 250, 150 })]
    [InlineData(1_001, 3, new long[] { 601, 250, 150 })] // 600.6, 250.25, 150.15 → remainder 1 to rank 0
    [InlineData(7, 3, new long[] { 5, 1, 1 })]           // 4.2, 1.75, 1.05 → 4+1+1 = 6, remainder 1
    [InlineData(0, 3, new long[] { 0, 0, 0 })]
    [InlineData(1_000, 5, new long[] { 600, 250, 150 })] // more proofs than tiers: still three shares
    [InlineData(1_000, 2, new long[] { 600, 250 })]
    [InlineData(7, 2, new long[] { 4, 1 })]              // 85% of 7 = 5.95 → 5 paid, 4 + 1
    [InlineData(1_001, 2, new long[] { 600, 250 })]      // 85% of 1001 = 850.85 → 850
    [InlineData(7, 1, new long[] { 4 })]
    [InlineData(1_000, 0, new long[0])]
    public void TierSharesSplitByRankWithTheRemainderToRankZero(long reward, int proofs, long[] expected) =>
        Assert.Equal(expected, Rewards.TierShares(reward, DefaultTiers, proofs));

    [Theory]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(1_001L)]
    [InlineData(999_999L)]
    [InlineData(123_456_789_013L)]
    [InlineData(long.MaxValue / 2)]
    public void AllTiersFilledPayExactlyTheReward(long reward)
    {
        var shares = Rewards.TierShares(reward, DefaultTiers, 3);
        Assert.Equal(reward, shares.Sum());
        Assert.All(shares, s => Assert.True(s >= 0));

        var uneven = Rewards.TierShares(reward, [333_333, 333_333, 333_334], 3);
        Assert.Equal(reward, uneven.Sum());
    }

    [Fact]
    public void NegativeProofCountIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Rewards.TierShares(1_000, DefaultTiers, -1));

    [Theory]
    [InlineData(1_000_000, 100_000, 100_000)]
    [InlineData(1_500_000, 100_000, 150_000)]
    [InlineData(999_999, 1, 0)]             // 0.999999 → 0
    [InlineData(1_999_999, 3, 5)]           // 5.999997 → 5
    [InlineData(0, 100_000, 0)]
    [InlineData(1_000_000_000_000, 1_000_000_000, 1_000_000_000_000_000)] // product 10^21 overflows long
    public void FeeIsRoundedDown(long cycles, long feePerMegacycle, long expected) =>
        Assert.Equal(expected, Rewards.Fee(cycles, feePerMegacycle));

    [Fact]
    public void EscrowIsTheRoundedFeeForThePaidCyclesTimesK()
    {
        Assert.Equal(600_000, Rewards.Escrow(PaidCycles, 3, 100_000));
        Assert.Equal(15, Rewards.Escrow(1_999_999, 3, 3));   // Fee = 5, not floor(17.99)
        Assert.Equal(0, Rewards.Escrow(999_999, 3, 1));
        Assert.Throws<OverflowException>(() => Rewards.Escrow(1_000_000_000_000_000_000, 10, 1_000_000));
    }

    [Fact]
    public void FinishingOrderIsByFinishTimeThenTieBreak()
    {
        CountedProof[] proofs = [new(1, 300, 0), new(2, 100, 2), new(3, 100, 1), new(4, 200, 0), new(5, 100, 1)];
        Assert.Equal([3L, 5L, 2L, 4L, 1L], Rewards.FinishingOrder(proofs).Select(p => p.ProverId));
        Assert.Empty(Rewards.FinishingOrder([]));
    }

    [Fact]
    public void CompletedWorkloadWithThreeProofsPaysTiersAndFeesAndRefundsTheRest()
    {
        // Finishing order: 5 (t = 300), 9 (t = 400), 7 (t = 500).
        CountedProof[] proofs = [new(7, 500, 0), new(5, 300, 1), new(9, 400, 2)];
        var entries = Settle(WorkloadOutcome.Completed, proofs);

        Assert.Equal(
            [
                new LedgerEntry(null, AccountId.Prover(5), 600, EntryKind.TierReward),
                new LedgerEntry(EscrowAccount, AccountId.Prover(5), 100_000, EntryKind.Fee),
                new LedgerEntry(null, AccountId.Prover(9), 250, EntryKind.TierReward),
                new LedgerEntry(EscrowAccount, AccountId.Prover(9), 100_000, EntryKind.Fee),
                new LedgerEntry(null, AccountId.Prover(7), 150, EntryKind.TierReward),
                new LedgerEntry(EscrowAccount, AccountId.Prover(7), 100_000, EntryKind.Fee),
                new LedgerEntry(EscrowAccount, User, 300_000, EntryKind.Refund),
            ],
            entries);

        var ledger = FundedLedger();
        ledger.Apply(entries);
        Assert.Equal(100_600, ledger.BalanceOf(AccountId.Prover(5)));
        Assert.Equal(100_250, ledger.BalanceOf(AccountId.Prover(9)));
        Assert.Equal(100_150, ledger.BalanceOf(AccountId.Prover(7)));
        Assert.Equal(700_000, ledger.BalanceOf(User));
        Assert.Equal(0, ledger.BalanceOf(EscrowAccount));
        Assert.Equal(1_001_000, ledger.Minted);
        Assert.Equal(0, ledger.Burned);
        Assert.Equal(1_000, AccountKindTotal(ledger, EntryKind.TierReward));
        Assert.Equal(300_000, AccountKindTotal(ledger, EntryKind.Fee));
        AssertConserved(ledger);
    }

    [Fact]
    public void CompletedWorkloadWithTwoProofsPaysTwoTiersAndRefundsMore()
    {
        CountedProof[] proofs = [new(9, 400, 0), new(5, 300, 0)];
        var entries = Settle(WorkloadOutcome.Completed, proofs);

        Assert.Equal(
            [
                new LedgerEntry(null, AccountId.Prover(5), 600, EntryKind.TierReward),
                new LedgerEntry(EscrowAccount, AccountId.Prover(5), 100_000, EntryKind.Fee),
                new LedgerEntry(null, AccountId.Prover(9), 250, EntryKind.TierReward),
                new LedgerEntry(EscrowAccount, AccountId.Prover(9), 100_000, EntryKind.Fee),
                new LedgerEntry(EscrowAccount, User, 400_000, EntryKind.Refund),
            ],
            entries);

        var ledger = FundedLedger();
        ledger.Apply(entries);
        Assert.Equal(100_600, ledger.BalanceOf(AccountId.Prover(5)));
        Assert.Equal(100_250, ledger.BalanceOf(AccountId.Prover(9)));
        Assert.Equal(800_000, ledger.BalanceOf(User));
        Assert.Equal(0, ledger.BalanceOf(EscrowAccount));
        Assert.Equal(1_000_850, ledger.Minted);
        AssertConserved(ledger);
    }

    [Fact]
    public void FailedWorkloadBurnsTheWholeEscrowAndMintsNothing()
    {
        CountedProof[] proofs = [new(5, 300, 0), new(9, 400, 1), new(7, 500, 2)];
        var entries = Settle(WorkloadOutcome.Failed, proofs);
        Assert.Equal([new LedgerEntry(EscrowAccount, null, 600_000, EntryKind.FeeBurn)], entries);

        var ledger = FundedLedger();
        ledger.Apply(entries);
        Assert.Equal(600_000, ledger.Burned);
        Assert.Equal(1_000_000, ledger.Minted);
        Assert.Equal(400_000, ledger.BalanceOf(User));
        Assert.Equal(0, ledger.BalanceOf(EscrowAccount));
        Assert.Equal(0, ledger.BalanceOf(AccountId.Prover(5)));

        // The emptied escrow account closes; the burn stays in the ledger's per-kind totals.
        Assert.DoesNotContain(ledger.Balances, b => b.Key == EscrowAccount);
        Assert.Equal(600_000, ledger.DebitTotal(EntryKind.FeeBurn));
        AssertConserved(ledger);
    }

    [Fact]
    public void UnservedWorkloadRefundsTheWholeEscrow()
    {
        var entries = Settle(WorkloadOutcome.Unserved, []);
        Assert.Equal([new LedgerEntry(EscrowAccount, User, 600_000, EntryKind.Refund)], entries);

        var ledger = FundedLedger();
        ledger.Apply(entries);
        Assert.Equal(1_000_000, ledger.BalanceOf(User));
        Assert.Equal(1_000_000, ledger.Minted);
        Assert.Equal(0, ledger.Burned);
        AssertConserved(ledger);
    }

    [Fact]
    public void OnlyTheFirstKProofsInFinishingOrderArePaid()
    {
        CountedProof[] proofs = [new(1, 900, 0), new(2, 100, 0), new(3, 800, 0), new(4, 200, 1), new(5, 200, 0)];
        var entries = Settle(WorkloadOutcome.Completed, proofs);

        var rewarded = entries.Where(e => e.Kind == EntryKind.TierReward).Select(e => (e.To!.Value.Id, e.Amount));
        Assert.Equal([(2L, 600L), (5L, 250L), (4L, 150L)], rewarded);
        Assert.Equal([2L, 5L, 4L], entries.Where(e => e.Kind == EntryKind.Fee).Select(e => e.To!.Value.Id));
        Assert.DoesNotContain(entries, e => e.To is { Id: 1 or 3, Kind: AccountKind.Prover });
        Assert.Equal(300_000, entries.Single(e => e.Kind == EntryKind.Refund).Amount);

        var ledger = FundedLedger();
        ledger.Apply(entries);
        Assert.Equal(0, ledger.BalanceOf(AccountId.Prover(1)));
        Assert.Equal(0, ledger.BalanceOf(AccountId.Prover(3)));
        AssertConserved(ledger);
    }

    [Fact]
    public void AFailureBurnsOnlyWhatTheProversThatRanHadAtStake()
    {
        // Escrow 600,000 is the paid cycles' fee (200,000) for each of k = 3; one prover ran it (two
        // declined and nobody took the market): 200,000 burns and 400,000 returns to the user.
        var entries = Rewards.Settle(WorkloadId, UserId, 600_000, WorkloadOutcome.Failed, Cycles, [], P, proversThatRan: 1);
        Assert.Equal(
            [new LedgerEntry(EscrowAccount, null, 200_000, EntryKind.FeeBurn), new LedgerEntry(EscrowAccount, User, 400_000, EntryKind.Refund)],
            entries);

        var ledger = FundedLedger();
        ledger.Apply(entries);
        Assert.Equal((200_000L, 800_000L), (ledger.Burned, ledger.BalanceOf(User)));
        AssertConserved(ledger);
    }

    [Fact]
    public void SettlementOfAnUnevenRewardPaysTheRemainderToTheFirst()
    {
        var p = P with { Reward = 1_001 };
        CountedProof[] proofs = [new(5, 300, 0), new(9, 400, 0), new(7, 500, 0)];
        var entries = Rewards.Settle(WorkloadId, UserId, 600_000, WorkloadOutcome.Completed, Cycles, proofs, p);
        Assert.Equal([601L, 250L, 150L], entries.Where(e => e.Kind == EntryKind.TierReward).Select(e => e.Amount));

        var ledger = FundedLedger();
        ledger.Apply(entries);
        Assert.Equal(1_001_001, ledger.Minted);
        AssertConserved(ledger);
    }

    private static IReadOnlyList<LedgerEntry> Settle(WorkloadOutcome outcome, IEnumerable<CountedProof> proofs) =>
        Rewards.Settle(WorkloadId, UserId, Rewards.Escrow(PaidCycles, P.K, P.FeePerMegacycle), outcome, Cycles, proofs, P);

    // The user is minted 1,000,000 and escrows 600,000 for the workload.
    private static Ledger FundedLedger()
    {
        var ledger = new Ledger();
        ledger.Apply(
        [
            new LedgerEntry(null, User, 1_000_000, EntryKind.Genesis),
            new LedgerEntry(User, EscrowAccount, Rewards.Escrow(PaidCycles, P.K, P.FeePerMegacycle), EntryKind.Escrow),
        ]);
        Assert.Equal(600_000, ledger.BalanceOf(EscrowAccount));
        return ledger;
    }

    private static long AccountKindTotal(Ledger ledger, EntryKind kind) =>
        ledger.Credits.Where(c => c.Key.Kind == kind).Sum(c => c.Value);

    private static void AssertConserved(Ledger ledger)
    {
        ledger.Audit();
        Assert.Equal(ledger.Minted, ledger.Balances.Sum(b => b.Value) + ledger.Burned);
        Assert.All(ledger.Balances, b => Assert.True(b.Value >= 0, $"{b.Key} is negative"));
    }
    [Fact]
    public void APotSplitsByCyclesWithTheRemainderToTheMostCyclesLowestId()
    {
        // 100 over 1 000, 2 000 and 1 000 cycles: 25, 50, 25 exactly.
        Assert.Equal(
            [new LedgerEntry(AccountId.Pot(4), AccountId.Prover(1), 25, EntryKind.TierReward), new LedgerEntry(AccountId.Pot(4), AccountId.Prover(2), 50, EntryKind.TierReward),
             new LedgerEntry(AccountId.Pot(4), AccountId.Prover(3), 25, EntryKind.TierReward)],
            Rewards.SplitPot(4, 100, [new PotClaim(2, 2_000), new PotClaim(1, 1_000), new PotClaim(3, 1_000)]));

        // 100 over three equal claims: 33 each, the 1 left to the lowest id of the three tied.
        Assert.Equal([34L, 33, 33], Rewards.SplitPot(0, 100, [new PotClaim(9, 7), new PotClaim(5, 7), new PotClaim(6, 7)]).Select(e => e.Amount));
        Assert.Equal([5L, 6, 9], Rewards.SplitPot(0, 100, [new PotClaim(9, 7), new PotClaim(5, 7), new PotClaim(6, 7)]).Select(e => e.To!.Value.Id));

        // A prover's claims add up (300 and 300 cycles: half each); an empty pot or no claims pay nothing.
        Assert.Equal([50L, 50], Rewards.SplitPot(1, 100, [new PotClaim(5, 100), new PotClaim(5, 200), new PotClaim(6, 300)]).Select(e => e.Amount));
        Assert.Empty(Rewards.SplitPot(1, 0, [new PotClaim(5, 100)]));
        Assert.Empty(Rewards.SplitPot(1, 100, []));
    }

    [Fact]
    public void IntoPotMintsTheTierRewardsIntoTheEpochsPotAndLeavesTheRest()
    {
        var settlement = Rewards.Settle(7, 2, 3_000, WorkloadOutcome.Completed, 10_000, [new CountedProof(4, 100, 0), new CountedProof(8, 200, 1)], new ProtocolParameters());
        var pooled = Rewards.IntoPot(settlement, 3);

        Assert.Equal(settlement.Count, pooled.Count);
        Assert.DoesNotContain(pooled, e => e.Kind == EntryKind.TierReward);
        Assert.All(pooled.Where(e => e.Kind == EntryKind.PotDeposit), e => Assert.Equal((null, AccountId.Pot(3)), (e.From, e.To)));
        Assert.Equal(settlement.Where(e => e.Kind == EntryKind.TierReward).Sum(e => e.Amount), pooled.Where(e => e.Kind == EntryKind.PotDeposit).Sum(e => e.Amount));
        Assert.Equal(settlement.Where(e => e.Kind != EntryKind.TierReward), pooled.Where(e => e.Kind != EntryKind.PotDeposit));
    }
}
