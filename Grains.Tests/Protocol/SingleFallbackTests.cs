// vrf-single-fallback's rules (Grains/Protocol/SingleFallback.cs): the first prover skips the previous
// slot's first choices, the fallback is never the first, the deadline is the input and the paid cycles at
// the declared hardware plus the slack, when a fallback starts, and the settlement's amounts worked out by
// hand and applied to a real ledger that must balance.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class SingleFallbackTests
{
    private static readonly ProtocolParameters P = new() { Reward = 1_000, FeePerMegacycle = 100_000 };

    private static EligibleSet Members(params long[] ids) => new(ids.Select(id => new Candidate(id, 1_000)));

    private static byte[] Beta(int i) => System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));

    [Fact]
    public void TheFirstIsTheFirstDrawNotChosenFirstInThePreviousSlot()
    {
        var eligible = Members(1, 2, 3, 4, 5, 6, 7, 8);
        for (var i = 0; i < 50; i++)
        {
            var order = Allocation.Draw(eligible, Beta(i), 8, AllocationWeight.Uniform);
            Assert.Equal(order[0], SingleFallback.First(eligible, Beta(i), new HashSet<long>(), AllocationWeight.Uniform));
            Assert.Equal(order[1], SingleFallback.First(eligible, Beta(i), new HashSet<long> { order[0] }, AllocationWeight.Uniform));
            Assert.Equal(order[3], SingleFallback.First(eligible, Beta(i), new HashSet<long> { order[0], order[1], order[2], 99 }, AllocationWeight.Uniform));
        }
    }

    // Known answers from an independent implementation of the documented streams (Python's hashlib: blocks of
    // SHA-256(domain ‖ 0x00 ‖ seed ‖ counter u64 BE), 8 bytes a draw, rejection-sampled; a partial
    // Fisher–Yates): the VRF output SHA-256("provsim known answer"), members 3, 5, 8, 13, 21, 34, 55, 89.
    // The draw's order is 3, 13, 21, 89, 8, 34, 55, 5; the fallback stream (the market stream, index 1)
    // draws 21 then 89.
    internal static readonly byte[] KnownBeta = System.Security.Cryptography.SHA256.HashData("provsim known answer"u8);

    [Theory]
    [InlineData(new long[0], 3L)]
    [InlineData(new long[] { 3 }, 13L)]
    [InlineData(new long[] { 3, 55, 99 }, 13L)]
    [InlineData(new long[] { 3, 13, 21, 89 }, 8L)]
    public void TheFirstAndTheFallbackMatchKnownAnswers(long[] excluded, long first)
    {
        var eligible = Members(3, 5, 8, 13, 21, 34, 55, 89);
        Assert.Equal(first, SingleFallback.First(eligible, KnownBeta, excluded.ToHashSet(), AllocationWeight.Uniform));
        Assert.Equal(first == 21 ? 89 : 21, SingleFallback.Fallback(eligible, KnownBeta, first));
        Assert.Equal(89, SingleFallback.Fallback(eligible, KnownBeta, 21));
    }

    [Fact]
    public void WhenEveryEligibleMemberWasChosenFirstTheFirstDrawStandsAndWithNoneThereIsNoFirst()
    {
        var eligible = Members(3, 9);
        var order = Allocation.Draw(eligible, Beta(1), 2, AllocationWeight.Uniform);
        Assert.Equal(order[0], SingleFallback.First(eligible, Beta(1), new HashSet<long> { 3, 9 }, AllocationWeight.Uniform));
        Assert.Null(SingleFallback.First(Members(), Beta(1), new HashSet<long>(), AllocationWeight.Uniform));
    }

    [Fact]
    public void TheFallbackComesFromADrawOfItsOwnAndIsNeverTheFirst()
    {
        var eligible = Members(1, 2, 3, 4, 5, 6);
        for (var i = 0; i < 50; i++)
        {
            var second = OpenMarket.Candidates(eligible, Beta(i), 1, 2);
            foreach (var first in eligible.Select(c => c.ProverId))
            {
                var fallback = SingleFallback.Fallback(eligible, Beta(i), first);
                Assert.NotEqual(first, fallback);
                Assert.Equal(second[0] != first ? second[0] : second[1], fallback);
            }
        }

        Assert.Null(SingleFallback.Fallback(Members(4), Beta(0), 4));
        Assert.Equal(4, SingleFallback.Fallback(Members(4), Beta(0), 5));
    }

    [Fact]
    public void TheDeadlineIsTheInputAndThePaidCyclesAtTheDeclaredHardwarePlusTheSlack()
    {
        // 10,000 bytes at 8 Mbps: 80,000 bits = 10,000 µs; 3,000 cycles at 2,000/s: 1,500,000 µs.
        var declared = new HardwareProfile(4, 16, 0, 8, 2_000);
        Assert.Equal(200_000 + 10_000 + 1_500_000 + 1_000_000, SingleFallback.Deadline(declared, 10_000, 3_000, 200_000, 1_000_000));
    }

    [Theory]
    [InlineData(true, false, null, 1_200_000L)]     // declined: at the end of the decision window
    [InlineData(false, true, null, null)]           // a fail result: no fallback, the fee burns
    [InlineData(false, false, 2_999_999L, null)]    // a proof by the deadline
    [InlineData(false, false, 3_000_000L, null)]    // a proof at the deadline
    [InlineData(false, false, 3_000_001L, 3_000_000L)] // late: from the deadline
    [InlineData(false, false, null, 3_000_000L)]    // nothing posted (a copier with nothing to copy)
    public void AFallbackStartsAfterADeclineOrAMissedDeadline(bool declined, bool failResult, long? proof, long? expected) =>
        Assert.Equal(expected, SingleFallback.FallbackFrom(declined, failResult, proof, 1_000_000, 200_000, 3_000_000));

    [Fact]
    public void TheFirstInTimeEarnsTheRewardAndTheFeeAndTheRestReturns()
    {
        // Escrow: 600,000 paid cycles × 100,000 per megacycle = 60,000; 290,001 cycles ran: fee 29,000.
        var escrow = SingleFallback.Escrow(600_000, P.FeePerMegacycle);
        Assert.Equal(60_000, escrow);
        var entries = SingleFallback.Settle(7, 2, escrow, WorkloadOutcome.Completed, 290_001, FallbackWinner.First, 11, true, P);
        Assert.Equal(
            new LedgerEntry[] { new(null, AccountId.Prover(11), 1_000, EntryKind.TierReward), new(AccountId.Escrow(7), AccountId.Prover(11), 29_000, EntryKind.Fee), new(AccountId.Escrow(7), AccountId.User(2), 31_000, EntryKind.Refund) },
            entries.ToArray());
        Balances(escrow, entries);
    }

    [Fact]
    public void AFallbacksRescueEarnsTheRewardAndHalfTheFeeRoundedUpAndTheUserGetsTheOtherHalfBack()
    {
        // 290,000 cycles: fee 29,000 → 14,500 each; 290,010 cycles: fee 29,001 → 14,501 to the fallback.
        Assert.Equal(
            new LedgerEntry[] { new(null, AccountId.Prover(5), 1_000, EntryKind.TierReward), new(AccountId.Escrow(7), AccountId.Prover(5), 14_500, EntryKind.Fee), new(AccountId.Escrow(7), AccountId.User(2), 45_500, EntryKind.Refund) },
            SingleFallback.Settle(7, 2, 60_000, WorkloadOutcome.Completed, 290_000, FallbackWinner.Fallback, 5, true, P).ToArray());
        var odd = SingleFallback.Settle(7, 2, 60_000, WorkloadOutcome.Completed, 290_010, FallbackWinner.Fallback, 5, true, P);
        Assert.Equal(14_501, odd.Single(e => e.Kind == EntryKind.Fee).Amount);
        Balances(60_000, odd);
    }

    [Theory]
    [InlineData(WorkloadOutcome.Failed, true, EntryKind.FeeBurn)]     // a fail result burns the escrow
    [InlineData(WorkloadOutcome.Unserved, true, EntryKind.FeeBurn)]   // taken, and nobody delivered in time
    [InlineData(WorkloadOutcome.Unserved, false, EntryKind.Refund)]   // nobody took it
    public void WithNoWinnerTheEscrowBurnsUnlessNobodyTookTheJob(WorkloadOutcome outcome, bool anyoneTook, EntryKind kind)
    {
        var entries = SingleFallback.Settle(7, 2, 60_000, outcome, 0, FallbackWinner.None, -1, anyoneTook, P);
        var entry = Assert.Single(entries);
        Assert.Equal((kind, 60_000L, AccountId.Escrow(7)), (entry.Kind, entry.Amount, entry.From!.Value));
        Assert.Equal(kind == EntryKind.Refund ? AccountId.User(2) : null, entry.To);
        Balances(60_000, entries);
    }

    [Fact]
    public void ACompletedWorkloadNeedsAWinner() =>
        Assert.Contains("winner", Assert.Throws<ArgumentException>(() => SingleFallback.Settle(7, 2, 60_000, WorkloadOutcome.Completed, 1, FallbackWinner.None, -1, true, P)).Message);

    [Theory]
    [InlineData(2_999_999L, 3L)]
    [InlineData(3_000_000L, 4L)]
    public void AnEjectionTakesEffectFromTheSlotAfterTheSettlingOne(long close, long slot) =>
        Assert.Equal(slot, SingleFallback.EjectionSlot(close, 1_000_000));

    // The escrow funded from the user, the settlement applied: the escrow is empty and the user, the provers
    // and the burn account for every unit.
    private static void Balances(long escrow, ImmutableArray<LedgerEntry> entries)
    {
        var ledger = new Ledger();
        ledger.Apply([LedgerEntries.Genesis(AccountId.User(2), escrow), LedgerEntries.Escrow(2, 7, escrow)]);
        ledger.Apply(entries);
        Assert.Equal(0, ledger.BalanceOf(AccountId.Escrow(7)));
        var paidOut = entries.Where(e => e.From == AccountId.Escrow(7)).Sum(e => e.Amount);
        Assert.Equal(escrow, paidOut);
    }
}
