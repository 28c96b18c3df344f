// reverse-auction (Scenarios/README.md "Mechanisms"): each eligible member stands by a bid, its floor
// price per megacycle (its cost model's); a workload asks the bids in price order (ties in an order drawn
// from its VRF output) and the first k bidders with a job slot free for the whole run, at or under the
// user's highest price, win and are paid their bid; the network reward is split over the tiers by
// finishing order; a winner with no valid proof by its deadline (the input and the paid cycles at its
// declared hardware, plus the slack, from the arrival) forfeits its collateral from its stake; a fail
// result (the program runs out of its paid cycles) burns the winner's bid for the paid cycles. Pure rules:
// the engine's grains and the mechanism model both call them.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>A member's standing bid: its floor price per megacycle.</summary>
public readonly record struct PricedCandidate(long ProverId, long Floor);

/// <summary>A winner's part at settlement: its bid; a valid proof by its deadline (when posted), or a fail result.</summary>
public sealed record AuctionWinner(long ProverId, long Floor, int Order, long? ProofMicros, bool FailResult);

public static class PriceOrder
{
    public const string Domain = "provsim/mechanism-tie/v1";

    /// <summary>
    /// The candidates in the order a price reaches them: by floor, cheapest first, and within a floor in an
    /// order drawn from the workload's VRF output (a partial Fisher–Yates shuffle made as it is read, so a
    /// workload whose first few candidates take it costs a few draws however many share the floor).
    /// <paramref name="byFloor"/> must be sorted by floor, then id.
    /// </summary>
    public static IEnumerable<PricedCandidate> Of(IReadOnlyList<PricedCandidate> byFloor, byte[] vrfOutput)
    {
        for (var i = 0; i < byFloor.Count;)
        {
            var j = i;
            while (j < byFloor.Count && byFloor[j].Floor == byFloor[i].Floor)
            {
                j++;
            }

            var seed = new byte[vrfOutput.Length + 4];
            vrfOutput.CopyTo(seed, 0);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(seed.AsSpan(vrfOutput.Length), i);
            var stream = new HashStream(Domain, seed);
            var moved = new Dictionary<int, int>();
            var size = j - i;
            for (var t = 0; t < size; t++)
            {
                var r = t + (int)stream.NextBelow((ulong)(size - t));
                var picked = moved.GetValueOrDefault(r, r);
                moved[r] = moved.GetValueOrDefault(t, t);
                yield return byFloor[i + picked];
            }

            i = j;
        }
    }

    /// <summary>Candidates sorted as <see cref="Of"/> wants them: by floor, then id.</summary>
    public static ImmutableArray<PricedCandidate> Sort(IEnumerable<PricedCandidate> candidates) =>
        [.. candidates.OrderBy(c => c.Floor).ThenBy(c => c.ProverId)];
}

public static class ReverseAuction
{
    /// <summary>The workload's escrow: the most it can pay, k winners at the user's highest price for the paid cycles.</summary>
    public static long Escrow(long paidCycles, int k, long ceiling) => Rewards.Escrow(paidCycles, k, ceiling);

    /// <summary>
    /// The settlement, winners in bid order. A winner with a fail result burns its bid for the paid cycles
    /// from the escrow. Completed (a program that halts, some valid proof in time): each such proof, in
    /// finishing order (ties by bid order), earns its tier of the network reward (minted) and its bid for
    /// the cycles run. The rest of the escrow returns to the user. Collateral is not here: the active set
    /// takes it from the stakes of <see cref="Forfeits"/>.
    /// </summary>
    public static ImmutableArray<LedgerEntry> Settle(
        long workloadId, long userId, long escrow, long paidCycles, long cycles, IReadOnlyList<AuctionWinner> winners, ProtocolParameters parameters)
    {
        var escrowAccount = AccountId.Escrow(workloadId);
        var entries = new List<LedgerEntry>();
        var spent = 0L;
        foreach (var failed in winners.Where(w => w.FailResult))
        {
            var burned = Rewards.Fee(paidCycles, failed.Floor);
            entries.Add(new LedgerEntry(escrowAccount, null, burned, EntryKind.FeeBurn));
            spent += burned;
        }

        var delivered = winners.Where(w => !w.FailResult && w.ProofMicros is not null).ToDictionary(w => w.ProverId);
        var ordered = Rewards.FinishingOrder(delivered.Values.Select(w => new CountedProof(w.ProverId, w.ProofMicros!.Value, w.Order)));
        var shares = Rewards.TierShares(parameters.Reward, parameters.TiersPpm, ordered.Count);
        for (var rank = 0; rank < ordered.Count; rank++)
        {
            var prover = AccountId.Prover(ordered[rank].ProverId);
            var fee = Rewards.Fee(cycles, delivered[ordered[rank].ProverId].Floor);
            entries.Add(new LedgerEntry(null, prover, shares[rank], EntryKind.TierReward));
            entries.Add(new LedgerEntry(escrowAccount, prover, fee, EntryKind.Fee));
            spent += fee;
        }

        entries.Add(new LedgerEntry(escrowAccount, AccountId.User(userId), checked(escrow - spent), EntryKind.Refund));
        return [.. entries];
    }

    /// <summary>The winners that forfeit their collateral: neither a valid proof by the deadline nor a fail result.</summary>
    public static IEnumerable<long> Forfeits(IEnumerable<AuctionWinner> winners) =>
        winners.Where(w => !w.FailResult && w.ProofMicros is null).Select(w => w.ProverId);
}
