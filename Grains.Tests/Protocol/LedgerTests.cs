// The ledger (DESIGN.md §1 "Rewards", §2 "Determinism"): integer mint, transfer and burn with per-kind
// credit and debit totals; batches are all or nothing; conservation (minted = balances + burned) is
// checked, and a restored state that breaks it — or holds a negative balance — is rejected.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class LedgerTests
{
    private static readonly AccountId A = AccountId.Prover(1);
    private static readonly AccountId B = AccountId.Prover(2);
    private static readonly AccountId C = AccountId.User(3);
    private static readonly AccountId S = AccountId.StakeOf(1);

    [Fact]
    public void MintCreditsTheAccountAndRaisesMinted()
    {
        var ledger = new Ledger();
        ledger.Apply([new LedgerEntry(null, A, 100, EntryKind.Genesis)]);
        Assert.Equal(100, ledger.BalanceOf(A));
        Assert.Equal(100, ledger.Minted);
        Assert.Equal(0, ledger.Burned);
        Assert.Equal(100, ledger.CreditedTo(A, EntryKind.Genesis));
        Assert.Equal(0, ledger.CreditedTo(A, EntryKind.Fee));
        Assert.Empty(ledger.Debits);
    }

    [Fact]
    public void TransferMovesMoneyAndIsRecordedByKindOnBothSides()
    {
        var ledger = Funded();
        ledger.Apply([new LedgerEntry(A, B, 30, EntryKind.Fee), new LedgerEntry(A, B, 5, EntryKind.TierReward)]);
        Assert.Equal(65, ledger.BalanceOf(A));
        Assert.Equal(35, ledger.BalanceOf(B));
        Assert.Equal(30, ledger.DebitedFrom(A, EntryKind.Fee));
        Assert.Equal(5, ledger.DebitedFrom(A, EntryKind.TierReward));
        Assert.Equal(30, ledger.CreditedTo(B, EntryKind.Fee));
        Assert.Equal(5, ledger.CreditedTo(B, EntryKind.TierReward));
        Assert.Equal(0, ledger.CreditedTo(B, EntryKind.Genesis));
        Assert.Equal(0, ledger.DebitedFrom(B, EntryKind.Fee));
        Assert.Equal(100, ledger.Minted);
    }

    [Fact]
    public void BurnRemovesMoneyAndRaisesBurned()
    {
        var ledger = Funded();
        ledger.Apply([new LedgerEntry(A, null, 20, EntryKind.FeeBurn)]);
        Assert.Equal(80, ledger.BalanceOf(A));
        Assert.Equal(100, ledger.Minted);
        Assert.Equal(20, ledger.Burned);
        Assert.Equal(20, ledger.DebitedFrom(A, EntryKind.FeeBurn));
    }

    [Fact]
    public void StakeLockAndSlashAreOrdinaryAccounts()
    {
        var ledger = Funded();
        ledger.Apply([new LedgerEntry(A, S, 60, EntryKind.StakeLock), new LedgerEntry(S, null, 6, EntryKind.Slash)]);
        Assert.Equal(40, ledger.BalanceOf(A));
        Assert.Equal(54, ledger.BalanceOf(S));
        Assert.Equal(6, ledger.DebitedFrom(S, EntryKind.Slash));
        Assert.Equal(6, ledger.Burned);
        Assert.Equal(ledger.Minted, ledger.Balances.Sum(b => b.Value) + ledger.Burned);
    }

    [Fact]
    public void EntriesApplyInOrderSoMoneyReceivedEarlierInTheBatchCanBeSpent()
    {
        var ledger = Funded();
        ledger.Apply([new LedgerEntry(A, B, 100, EntryKind.Fee), new LedgerEntry(B, C, 100, EntryKind.Refund)]);
        Assert.Equal((0L, 0L, 100L), (ledger.BalanceOf(A), ledger.BalanceOf(B), ledger.BalanceOf(C)));
    }

    [Fact]
    public void ABatchWhoseThirdEntryOverdrawsChangesNothing()
    {
        var ledger = Funded();
        var before = Snapshot(ledger);

        var ex = Assert.Throws<LedgerException>(() => ledger.Apply(
        [
            new LedgerEntry(null, C, 50, EntryKind.Genesis),
            new LedgerEntry(A, B, 10, EntryKind.Fee),
            new LedgerEntry(B, null, 11, EntryKind.FeeBurn),
        ]));
        // B received 10 from A earlier in the batch and is asked for 11.
        Assert.Equal("account prover:2 holds 10, cannot pay 11 (FeeBurn)", ex.Message);
        Assert.Equal(before, Snapshot(ledger));
    }

    [Fact]
    public void TwoDebitsThatTogetherOverdrawAreRejectedWhole()
    {
        var ledger = Funded();
        var before = Snapshot(ledger);
        // A holds 100: after the first 60 it has 40 left for the second.
        var ex = Assert.Throws<LedgerException>(() => ledger.Apply([new LedgerEntry(A, B, 60, EntryKind.Fee), new LedgerEntry(A, C, 60, EntryKind.Fee)]));
        Assert.Equal("account prover:1 holds 40, cannot pay 60 (Fee)", ex.Message);
        Assert.Equal(before, Snapshot(ledger));
    }

    [Fact]
    public void ABatchThatWouldOverflowMintedIsRejectedBeforeAnythingMoves()
    {
        var ledger = new Ledger();
        ledger.Apply([new LedgerEntry(null, A, long.MaxValue, EntryKind.Genesis)]);
        var before = Snapshot(ledger);

        var ex = Assert.Throws<LedgerException>(() => ledger.Apply([new LedgerEntry(A, B, 10, EntryKind.Fee), new LedgerEntry(null, C, 1, EntryKind.Genesis)]));
        Assert.Equal("the batch would overflow an account or the minted or burned total", ex.Message);
        Assert.Equal(before, Snapshot(ledger));
    }

    [Fact]
    public void NegativeAmountsAndEntriesWithoutEndsAreRejected()
    {
        var ledger = Funded();
        var before = Snapshot(ledger);
        Assert.Equal(
            "negative amount -1 (Fee)",
            Assert.Throws<LedgerException>(() => ledger.Apply([new LedgerEntry(A, B, 5, EntryKind.Fee), new LedgerEntry(B, A, -1, EntryKind.Fee)])).Message);
        Assert.Equal("negative amount -1 (Genesis)", Assert.Throws<LedgerException>(() => ledger.Apply([new LedgerEntry(null, A, -1, EntryKind.Genesis)])).Message);
        Assert.Equal(
            "an entry must have a source or a destination (Genesis)",
            Assert.Throws<LedgerException>(() => ledger.Apply([new LedgerEntry(null, null, 1, EntryKind.Genesis)])).Message);
        Assert.Equal(before, Snapshot(ledger));
    }

    [Fact]
    public void ZeroAmountsAreAcceptedAndMoveNothing()
    {
        var ledger = Funded();
        var before = Snapshot(ledger);
        ledger.Apply([new LedgerEntry(B, A, 0, EntryKind.Fee), new LedgerEntry(null, B, 0, EntryKind.TierReward)]);
        Assert.Equal(before, Snapshot(ledger));
    }

    [Fact]
    public void BalancesAreListedInAccountOrder()
    {
        var ledger = new Ledger();
        ledger.Apply(
        [
            new LedgerEntry(null, AccountId.Escrow(1), 1, EntryKind.Escrow),
            new LedgerEntry(null, AccountId.Prover(9), 1, EntryKind.Genesis),
            new LedgerEntry(null, AccountId.User(2), 1, EntryKind.Genesis),
            new LedgerEntry(null, AccountId.Prover(3), 1, EntryKind.Genesis),
        ]);
        Assert.Equal(["prover:3", "prover:9", "user:2", "escrow:1"], ledger.Balances.Select(b => b.Key.ToString()));
    }

    [Fact]
    public void RestoreOfABalancedStateKeepsEveryFigure()
    {
        var original = Funded();
        original.Apply([new LedgerEntry(A, B, 30, EntryKind.Fee), new LedgerEntry(A, null, 20, EntryKind.FeeBurn)]);

        var restored = Ledger.Restore(original.Minted, original.Burned, original.Balances, original.Credits, original.Debits);
        Assert.Equal(Snapshot(original), Snapshot(restored));
        Assert.Equal(30, restored.CreditedTo(B, EntryKind.Fee));
        Assert.Equal(20, restored.DebitedFrom(A, EntryKind.FeeBurn));
    }

    [Fact]
    public void RestoreOfAStateThatDoesNotBalanceIsCaught()
    {
        // minted 100 ≠ held 60 + burned 30: 10 units vanished.
        var ex = Assert.Throws<LedgerException>(() => Ledger.Restore(100, 30, [new(A, 60)], [], []));
        Assert.Equal("ledger does not balance: minted 100 ≠ held 60 + burned 30", ex.Message);

        // Money from nowhere: held 80 + burned 30 > minted 100.
        Assert.Equal(
            "ledger does not balance: minted 100 ≠ held 80 + burned 30",
            Assert.Throws<LedgerException>(() => Ledger.Restore(100, 30, [new(A, 60), new(B, 20)], [], [])).Message);

        // The same figures that do balance restore fine.
        Assert.Equal(70, Ledger.Restore(100, 30, [new(A, 70)], [], []).BalanceOf(A));
    }

    [Fact]
    public void RestoreOfANegativeBalanceIsCaughtEvenWhenTheTotalsBalance()
    {
        var ex = Assert.Throws<LedgerException>(() => Ledger.Restore(0, 0, [new(A, 10), new(B, -10)], [], []));
        Assert.Equal("account prover:2 is negative (-10)", ex.Message);
    }

    private static Ledger Funded()
    {
        var ledger = new Ledger();
        ledger.Apply([new LedgerEntry(null, A, 100, EntryKind.Genesis)]);
        return ledger;
    }

    private static string Snapshot(Ledger ledger) =>
        $"minted {ledger.Minted} burned {ledger.Burned}; "
        + string.Join(", ", ledger.Balances.Select(b => $"{b.Key}={b.Value}")) + "; credits "
        + string.Join(", ", ledger.Credits.Select(c => $"{c.Key.Account}/{c.Key.Kind}={c.Value}")) + "; debits "
        + string.Join(", ", ledger.Debits.Select(d => $"{d.Key.Account}/{d.Key.Kind}={d.Value}"));
}
