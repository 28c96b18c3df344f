// The rules a workload's life follows, as pure functions with hand-worked answers: when it closes, how
// its outcome is classified, how a PoW answer is judged, and the ledger entries of each event.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class WorkloadRulesTests
{
    [Fact]
    public void AWorkloadClosesWhenItsLastParticipantEnds()
    {
        // Participants ended at 1.2 s and 3.4 s; one declined (null): the close is 3.4 s.
        Assert.Equal(3_400_000, WorkloadClose.At(1_000_000, [1_200_000, null, 3_400_000]));
        Assert.Equal(1_000_000, WorkloadClose.At(1_000_000, [null, null]));
        Assert.Equal(1_000_000, WorkloadClose.At(1_000_000, []));
    }

    [Fact]
    public void AWorkloadClosesAsSoonAsKProofsArePosted()
    {
        // Participants ended at 1.2 s, 1.5 s (both posted proofs), 3.4 s (posted) and 3.9 s (ran out).
        long?[] ends = [1_200_000, 1_500_000, 3_400_000, 3_900_000];
        Assert.Equal(1_500_000, WorkloadClose.At(1_000_000, ends, [3_400_000, 1_200_000, 1_500_000], k: 2));
        Assert.Equal(3_400_000, WorkloadClose.At(1_000_000, ends, [3_400_000, 1_200_000, 1_500_000], k: 3));

        // Fewer than k proofs: it waits for the last participant to end.
        Assert.Equal(3_900_000, WorkloadClose.At(1_000_000, ends, [1_200_000], k: 2));
        Assert.Equal(1_000_000, WorkloadClose.At(1_000_000, [], [], k: 3));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(999_999L, 0L)]
    [InlineData(1_000_000L, 1L)]
    [InlineData(3_400_000L, 3L)]
    public void AWorkloadSettlesInTheSlotItsCloseFallsIn(long close, long slot) => Assert.Equal(slot, WorkloadClose.SettlingSlot(close, 1_000_000));

    [Fact]
    public void TheOutcomeIsCompletedFailedOrUnserved()
    {
        var ran = 0;
        bool Halts() { ran++; return true; }
        bool RunsOut() { ran++; return false; }

        Assert.Equal(WorkloadOutcome.Completed, WorkloadOutcomes.Classify(anyCountedProof: true, anyProverRan: true, RunsOut));
        Assert.Equal(WorkloadOutcome.Failed, WorkloadOutcomes.Classify(anyCountedProof: false, anyProverRan: true, RunsOut));
        Assert.Equal(WorkloadOutcome.Unserved, WorkloadOutcomes.Classify(anyCountedProof: false, anyProverRan: true, Halts));
        Assert.Equal(2, ran);

        // Nobody ran it: unserved, and the program is not run to find out.
        Assert.Equal(WorkloadOutcome.Unserved, WorkloadOutcomes.Classify(anyCountedProof: false, anyProverRan: false, RunsOut));
        Assert.Equal(2, ran);
    }

    [Fact]
    public void APowAnswerPassesOnlyWhenItVerifiesRunsTheExactCyclesAndIsOnTime()
    {
        Assert.True(PowChallenges.IsCorrect(proofVerifies: true, cycles: 1_007, exactCycles: 1_007));
        Assert.False(PowChallenges.IsCorrect(proofVerifies: true, cycles: 1_006, exactCycles: 1_007));
        Assert.False(PowChallenges.IsCorrect(proofVerifies: false, cycles: 1_007, exactCycles: 1_007));

        Assert.True(PowChallenges.Passes(answeredCorrectly: true, finishMicros: 1_207_000, deadlineMicros: 1_207_000));
        Assert.False(PowChallenges.Passes(answeredCorrectly: true, finishMicros: 1_207_001, deadlineMicros: 1_207_000));
        Assert.False(PowChallenges.Passes(answeredCorrectly: false, finishMicros: 0, deadlineMicros: 1_207_000));
    }

    [Fact]
    public void EachEventMovesMoneyBetweenTheAccountsItNames()
    {
        Assert.Equal(new LedgerEntry(AccountId.Prover(4), AccountId.StakeOf(4), 2_000, EntryKind.StakeLock), LedgerEntries.StakeLock(4, 2_000));
        Assert.Equal(new LedgerEntry(AccountId.StakeOf(4), AccountId.Prover(4), 1_800, EntryKind.StakeUnlock), LedgerEntries.StakeUnlock(4, 1_800));
        Assert.Equal(new LedgerEntry(null, AccountId.Prover(4), 5, EntryKind.PowReward), LedgerEntries.PowReward(4, 5));
        Assert.Equal(new LedgerEntry(AccountId.StakeOf(4), null, 200, EntryKind.Slash), LedgerEntries.Slash(4, 200));
        Assert.Equal(new LedgerEntry(AccountId.User(2), AccountId.Escrow(9), 150, EntryKind.Escrow), LedgerEntries.Escrow(2, 9, 150));
        Assert.Equal(new LedgerEntry(null, AccountId.User(2), 1_000, EntryKind.Genesis), LedgerEntries.Genesis(AccountId.User(2), 1_000));

        // Lock 2,000, get slashed 10% (200), unlock the rest: the prover ends 200 poorer, all of it burned.
        var ledger = new Ledger();
        ledger.Apply([LedgerEntries.Genesis(AccountId.Prover(4), 2_000)]);
        ledger.Apply([LedgerEntries.StakeLock(4, 2_000)]);
        ledger.Apply([LedgerEntries.Slash(4, 200)]);
        ledger.Apply([LedgerEntries.StakeUnlock(4, 1_800)]);
        Assert.Equal((1_800L, 0L, 200L), (ledger.BalanceOf(AccountId.Prover(4)), ledger.BalanceOf(AccountId.StakeOf(4)), ledger.Burned));
    }
}
