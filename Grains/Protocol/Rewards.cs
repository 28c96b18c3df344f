// Rewards (DESIGN.md §1 "Rewards", "Cycles and outcomes"): the network reward split over tiers by
// finishing order, each completing prover's fee for the cycles it ran, the burn of a failed workload's
// fees and the PoW reward. Every split is integer; the rounding remainder goes to rank 0 (the first).
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>A counted proof of a workload: who, when it finished (virtual µs) and its VRF tie-break rank.</summary>
public sealed record CountedProof(long ProverId, long FinishMicros, int TieBreak);

/// <summary>A counted proof's claim on its epoch's pot: its prover and the cycles it proved.</summary>
public sealed record PotClaim(long ProverId, long Cycles);

public static class Rewards
{
    /// <summary>Splits <paramref name="reward"/> over the first <paramref name="proofs"/> tiers.</summary>
    public static ImmutableArray<long> TierShares(long reward, ImmutableArray<long> tiersPpm, int proofs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(proofs);
        var count = Math.Min(proofs, tiersPpm.Length);
        var shares = new long[count];
        for (var i = 0; i < count; i++)
        {
            shares[i] = (long)((Int128)reward * tiersPpm[i] / ProtocolParameters.Ppm);
        }

        if (count > 0)
        {
            // The whole reward is paid when every tier is filled; rank 0 takes what rounding left.
            var intended = count == tiersPpm.Length
                ? reward
                : (long)((Int128)reward * tiersPpm.Take(count).Sum() / ProtocolParameters.Ppm);
            shares[0] += intended - shares.Sum();
        }

        return [.. shares];
    }

    /// <summary>The fee for <paramref name="cycles"/> cycles at <paramref name="feePerMegacycle"/> (rounded down).</summary>
    public static long Fee(long cycles, long feePerMegacycle) => (long)((Int128)cycles * feePerMegacycle / 1_000_000);

    /// <summary>What a user escrows for a workload: the fee for the paid cycles, once per wanted prover.</summary>
    public static long Escrow(long paidCycles, int k, long feePerMegacycle) => checked(Fee(paidCycles, feePerMegacycle) * k);

    /// <summary>Proofs in finishing order: by virtual finish time, ties by VRF order.</summary>
    public static IReadOnlyList<CountedProof> FinishingOrder(IEnumerable<CountedProof> proofs) =>
        [.. proofs.OrderBy(p => p.FinishMicros).ThenBy(p => p.TieBreak).ThenBy(p => p.ProverId)];

    /// <summary>
    /// The ledger entries that settle a closed workload. Completed: each counted proof (at most k, in
    /// finishing order) earns its tier of the network reward (minted) and the fee for the cycles it ran
    /// (from escrow); the rest of the escrow returns to the user. Failed: what was at stake burns — the
    /// paid cycles' fee of each prover that ran it (<paramref name="proversThatRan"/>, at most k; the
    /// escrow holds one such fee per wanted prover) — no reward is minted and the rest returns to the user.
    /// Unserved (no valid proof of a program that halts): the escrow returns to the user.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> Settle(
        long workloadId, long userId, long escrow, WorkloadOutcome outcome, long cycles, IEnumerable<CountedProof> proofs, ProtocolParameters parameters,
        int proversThatRan = int.MaxValue)
    {
        if (outcome is not (WorkloadOutcome.Completed or WorkloadOutcome.Failed or WorkloadOutcome.Unserved))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "only a closed workload settles");
        }

        var escrowAccount = AccountId.Escrow(workloadId);
        var entries = new List<LedgerEntry>();
        var ordered = outcome == WorkloadOutcome.Completed ? FinishingOrder(proofs).Take(parameters.K).ToList() : [];
        if (outcome == WorkloadOutcome.Failed)
        {
            var burned = escrow / parameters.K * Math.Clamp(proversThatRan, 0, parameters.K);
            entries.Add(new LedgerEntry(escrowAccount, null, burned, EntryKind.FeeBurn));
            if (escrow > burned)
            {
                entries.Add(new LedgerEntry(escrowAccount, AccountId.User(userId), escrow - burned, EntryKind.Refund));
            }

            return entries;
        }

        var shares = TierShares(parameters.Reward, parameters.TiersPpm, ordered.Count);
        var fee = Fee(cycles, parameters.FeePerMegacycle);
        var paidFees = 0L;
        for (var rank = 0; rank < ordered.Count; rank++)
        {
            var prover = AccountId.Prover(ordered[rank].ProverId);
            entries.Add(new LedgerEntry(null, prover, shares[rank], EntryKind.TierReward));
            entries.Add(new LedgerEntry(escrowAccount, prover, fee, EntryKind.Fee));
            paidFees += fee;
        }

        entries.Add(new LedgerEntry(escrowAccount, AccountId.User(userId), escrow - paidFees, EntryKind.Refund));
        return entries;
    }

    /// <summary>
    /// proportional-lottery's settlement: <see cref="Settle"/>'s entries with every tier reward minted into
    /// the pot of <paramref name="epoch"/> instead of to its prover (fees, refunds and burns unchanged).
    /// </summary>
    public static IReadOnlyList<LedgerEntry> IntoPot(IEnumerable<LedgerEntry> settlement, long epoch) =>
        [.. settlement.Select(e => e.Kind == EntryKind.TierReward ? new LedgerEntry(null, AccountId.Pot(epoch), e.Amount, EntryKind.PotDeposit) : e)];

    /// <summary>
    /// An epoch's pot split over its counted proofs in proportion to their cycles (one share per prover,
    /// rounded down); what rounding leaves goes to the prover with the most cycles, the lowest id of those.
    /// Paid from the pot as tier rewards.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> SplitPot(long epoch, long pot, IEnumerable<PotClaim> claims)
    {
        var byProver = claims.GroupBy(c => c.ProverId).Select(g => new PotClaim(g.Key, g.Sum(c => c.Cycles))).OrderBy(c => c.ProverId).ToList();
        var total = byProver.Sum(c => c.Cycles);
        if (pot == 0 || total == 0)
        {
            return [];
        }

        var shares = byProver.Select(c => (c.ProverId, Share: (long)((Int128)pot * c.Cycles / total))).ToList();
        var top = byProver.OrderByDescending(c => c.Cycles).ThenBy(c => c.ProverId).First().ProverId;
        var rest = pot - shares.Sum(s => s.Share);
        return [.. shares
            .Select(s => (s.ProverId, Amount: s.Share + (s.ProverId == top ? rest : 0)))
            .Where(s => s.Amount > 0)
            .Select(s => new LedgerEntry(AccountId.Pot(epoch), AccountId.Prover(s.ProverId), s.Amount, EntryKind.TierReward))];
    }
}
