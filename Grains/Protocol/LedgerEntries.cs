// The ledger entries of each protocol event (DESIGN.md §1 "Active prover set", "Rewards"): genesis
// balances, stake locked on joining and unlocked after the cooldown, PoW rewards, slashed stake and a
// user's escrow; a closed workload's entries come from Rewards.Settle.
namespace ProverSim.Grains.Protocol;

public static class LedgerEntries
{
    public static LedgerEntry Genesis(AccountId to, long amount) => new(null, to, amount, EntryKind.Genesis);

    public static LedgerEntry StakeLock(long proverId, long stake) => new(AccountId.Prover(proverId), AccountId.StakeOf(proverId), stake, EntryKind.StakeLock);

    public static LedgerEntry StakeUnlock(long proverId, long amount) => new(AccountId.StakeOf(proverId), AccountId.Prover(proverId), amount, EntryKind.StakeUnlock);

    /// <summary>Minted for a passed challenge.</summary>
    public static LedgerEntry PowReward(long proverId, long reward) => new(null, AccountId.Prover(proverId), reward, EntryKind.PowReward);

    /// <summary>Burned from the locked stake of a prover removed for a missed challenge.</summary>
    public static LedgerEntry Slash(long proverId, long amount) => new(AccountId.StakeOf(proverId), null, amount, EntryKind.Slash);

    /// <summary>ramp-and-lock: collateral from a slashed locker's stake to the prover that fulfilled the job.</summary>
    public static LedgerEntry CollateralAward(long fromProverId, long toProverId, long amount) =>
        new(AccountId.StakeOf(fromProverId), AccountId.Prover(toProverId), amount, EntryKind.CollateralAward);

    /// <summary>The user's payment for a workload, held until it settles.</summary>
    public static LedgerEntry Escrow(long userId, long workloadId, long amount) => new(AccountId.User(userId), AccountId.Escrow(workloadId), amount, EntryKind.Escrow);
}
