// ramp-and-lock (Scenarios/README.md "Mechanisms"): the price a workload offers per megacycle rises
// linearly from min_price at its arrival to the user's highest price over `ramp`, then holds. Members are
// reached in price order (PriceOrder: a floor is met when the price first reaches it); the first with a
// job slot for the run locks the job, staking its collateral, and is paid the price at its lock. When it
// delivers nothing within lock_timeout the lock is slashed: anyone may then fulfil at the price then — the
// locker's own late result races up to market_candidates others drawn by the VRF whose floor that price
// meets; the first to deliver is paid it, half the collateral burns and half goes to that winner (all of
// it burns when nobody else delivers first: the locker earns none of its collateral back). A fail result (the program runs out of its paid cycles) burns the
// deliverer's price for the paid cycles. Pure rules: the engine's grains and the mechanism model both call them.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>A workload's ramp: arrival, the price at arrival, the highest price, and how long the rise takes.</summary>
public readonly record struct PriceRamp(long ArrivalMicros, long MinPrice, long Ceiling, long RampMicros)
{
    /// <summary>The price per megacycle offered at <paramref name="atMicros"/>.</summary>
    public long PriceAt(long atMicros)
    {
        var elapsed = Math.Max(0, atMicros - ArrivalMicros);
        return RampMicros == 0 || elapsed >= RampMicros ? Ceiling : MinPrice + (long)((Int128)(Ceiling - MinPrice) * elapsed / RampMicros);
    }

    /// <summary>The first whole µs at which the price meets <paramref name="floor"/>; null when it never does.</summary>
    public long? MetAt(long floor)
    {
        if (floor <= MinPrice)
        {
            return ArrivalMicros;
        }

        if (floor > Ceiling)
        {
            return null;
        }

        var span = Ceiling - MinPrice;
        return ArrivalMicros + (long)(((Int128)(floor - MinPrice) * RampMicros + span - 1) / span);
    }
}

public static class RampAndLock
{
    /// <summary>The market stream index of the race after a lock times out (0 is vrf-tiered's market, 1 single-fallback's draw).</summary>
    public const int RaceDraw = 2;

    /// <summary>The workload's escrow: the most one prover can be paid, the highest price for the paid cycles.</summary>
    public static long Escrow(long paidCycles, long ceiling) => Rewards.Fee(paidCycles, ceiling);

    /// <summary>
    /// The racers after a lock timed out: up to <paramref name="count"/> of the eligible members other than the
    /// locker whose floor the price then meets, drawn by the workload's VRF output, in VRF order.
    /// </summary>
    public static ImmutableArray<long> Racers(IEnumerable<PricedCandidate> eligible, byte[] vrfOutput, long locker, long price, int count) =>
        OpenMarket.Candidates([.. eligible.Where(c => c.ProverId != locker && c.Floor <= price).OrderBy(c => c.ProverId).Select(c => new Candidate(c.ProverId, 1))], vrfOutput, RaceDraw, count);

    /// <summary>
    /// The settlement of a delivery at <paramref name="price"/> by <paramref name="winner"/> (null: nobody
    /// delivered): a valid proof earns the whole network reward (minted) and the price for the cycles run; a
    /// fail result burns the price for the paid cycles; the rest of the escrow returns to the user. The
    /// collateral of a timed-out lock is not here: the active set takes it from the locker's stake.
    /// </summary>
    public static ImmutableArray<LedgerEntry> Settle(
        long workloadId, long userId, long escrow, long paidCycles, long cycles, long? winner, bool failResult, long price, ProtocolParameters parameters)
    {
        var escrowAccount = AccountId.Escrow(workloadId);
        var user = AccountId.User(userId);
        if (winner is not { } id)
        {
            return [new LedgerEntry(escrowAccount, user, escrow, EntryKind.Refund)];
        }

        if (failResult)
        {
            var burned = Rewards.Fee(paidCycles, price);
            return [new LedgerEntry(escrowAccount, null, burned, EntryKind.FeeBurn), new LedgerEntry(escrowAccount, user, escrow - burned, EntryKind.Refund)];
        }

        var fee = Rewards.Fee(cycles, price);
        return
        [
            new LedgerEntry(null, AccountId.Prover(id), parameters.Reward, EntryKind.TierReward),
            new LedgerEntry(escrowAccount, AccountId.Prover(id), fee, EntryKind.Fee),
            new LedgerEntry(escrowAccount, user, escrow - fee, EntryKind.Refund),
        ];
    }

    /// <summary>
    /// A slashed lock's collateral <paramref name="taken"/> from the stake: half (rounded down) burns, the rest
    /// to another prover that fulfilled; all of it burns when none did (nobody, or the locker itself).
    /// </summary>
    public static (long Burned, long Awarded) SplitCollateral(long taken, bool anotherFulfilled) =>
        anotherFulfilled ? (taken / 2, taken - (taken / 2)) : (taken, 0);
}
