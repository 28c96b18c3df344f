// vrf-single-fallback (Scenarios/README.md "Mechanisms"): one prover per workload, drawn by the VRF from
// the eligible members less those drawn first in the previous slot; it accepts or declines within the
// decision window and commits to a deadline (its input and the paid cycles at its declared hardware, plus
// the slack). On a decline, or when no valid proof is posted by the deadline, a fallback drawn at random
// from the eligible members runs it from then. The first's valid proof in time earns the whole reward and
// the fee; a fallback's earns the reward and half the fee (the other half back to the user) and ejects the
// first prover; when both fail the whole fee burns; when nobody took it the escrow returns. A program that
// does not halt within its paid cycles burns the fee at once (a fail result), with no fallback. Pure
// rules: the engine's workload grain and the mechanism model both call them.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>Who a vrf-single-fallback workload paid: the first prover, its fallback, or nobody.</summary>
public enum FallbackWinner
{
    None,
    First,
    Fallback,
}

public static class SingleFallback
{
    /// <summary>The workload's escrow: the fee for its paid cycles, once (one prover is paid).</summary>
    public static long Escrow(long paidCycles, long feePerMegacycle) => Rewards.Fee(paidCycles, feePerMegacycle);

    /// <summary>
    /// The first prover: the first of the VRF's successive draws that was not drawn first in the previous
    /// slot (<paramref name="excluded"/>); the first drawn when every eligible member was; null when none is eligible.
    /// </summary>
    public static long? First(EligibleSet eligible, ReadOnlySpan<byte> vrfOutput, IReadOnlySet<long> excluded, AllocationWeight weight)
    {
        var drawn = Allocation.Draw(eligible, vrfOutput, excluded.Count + 1, weight);
        return drawn.IsEmpty ? null : drawn.FirstOrDefault(id => !excluded.Contains(id), drawn[0]);
    }

    /// <summary>The fallback: the first of a second, uniform draw of two from the eligible members that is not the first prover.</summary>
    public static long? Fallback(IReadOnlyList<Candidate> eligible, ReadOnlySpan<byte> vrfOutput, long first)
    {
        foreach (var id in OpenMarket.Candidates(eligible, vrfOutput, 1, 2))
        {
            if (id != first)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The deadline a prover commits to from <paramref name="fromMicros"/>: the input and the paid cycles at its declared hardware, plus the slack.</summary>
    public static long Deadline(HardwareProfile declared, long inputBytes, long paidCycles, long fromMicros, long slackMicros) =>
        checked(fromMicros + declared.TransferMicros(inputBytes) + declared.ComputeMicros(paidCycles) + slackMicros);

    /// <summary>
    /// When the fallback starts, or null when none is needed: at the end of the decision window after a
    /// decline; never after a fail result (the program ran out of its paid cycles: the fee burns); never
    /// when the first posted its proof by its deadline; at the deadline otherwise (a late proof, or none).
    /// </summary>
    public static long? FallbackFrom(bool declined, bool failResult, long? proofMicros, long arrivalMicros, long windowMicros, long firstDeadlineMicros)
    {
        if (declined)
        {
            return arrivalMicros + windowMicros;
        }

        if (failResult || proofMicros <= firstDeadlineMicros)
        {
            return null;
        }

        return firstDeadlineMicros;
    }

    /// <summary>
    /// The settlement. A winner is paid the whole network reward (minted) and the fee for the cycles it ran
    /// — half of it (rounded up) when it is the fallback, the other half back to the user — and the rest of
    /// the escrow returns. With no winner: a failed workload (a fail result) or one that someone took and
    /// nobody delivered in time burns the escrow; one that nobody took returns it.
    /// </summary>
    public static ImmutableArray<LedgerEntry> Settle(
        long workloadId, long userId, long escrow, WorkloadOutcome outcome, long cycles, FallbackWinner winner, long winnerId, bool anyoneTook, ProtocolParameters parameters)
    {
        var escrowAccount = AccountId.Escrow(workloadId);
        var user = AccountId.User(userId);
        if (outcome == WorkloadOutcome.Completed)
        {
            if (winner == FallbackWinner.None)
            {
                throw new ArgumentException("a completed workload has a winner", nameof(winner));
            }

            var fee = Rewards.Fee(cycles, parameters.FeePerMegacycle);
            var paid = winner == FallbackWinner.First ? fee : fee - (fee / 2);
            var prover = AccountId.Prover(winnerId);
            return
            [
                new LedgerEntry(null, prover, parameters.Reward, EntryKind.TierReward),
                new LedgerEntry(escrowAccount, prover, paid, EntryKind.Fee),
                new LedgerEntry(escrowAccount, user, escrow - paid, EntryKind.Refund),
            ];
        }

        return outcome == WorkloadOutcome.Failed || anyoneTook
            ? [new LedgerEntry(escrowAccount, null, escrow, EntryKind.FeeBurn)]
            : [new LedgerEntry(escrowAccount, user, escrow, EntryKind.Refund)];
    }

    /// <summary>The slot from whose start a rescued workload's first prover is ejected: the one after the slot it settles in.</summary>
    public static long EjectionSlot(long closeMicros, long slotMicros) => WorkloadClose.SettlingSlot(closeMicros, slotMicros) + 1;
}
