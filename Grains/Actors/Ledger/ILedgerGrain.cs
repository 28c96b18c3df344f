// The ledger of a run (DESIGN.md §1 "Rewards", §2 "Determinism"): every movement of money, applied in
// batches, each once per (slot, operation) key.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Ledger;

[Alias("provsim.ILedgerGrain")]
public interface ILedgerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a batch, all or nothing, once per (<paramref name="slot"/>, <paramref name="operation"/>):
    /// a retried call with the same key, or any call for a slot already committed, has no second effect.
    /// Costs O(its entries); conservation is checked after it. Callers send their batch again whenever a
    /// retried call reaches them, so a batch lost with an uncommitted slot is applied again.
    /// </summary>
    [Alias("Apply")]
    Task ApplyAsync(long slot, string operation, ImmutableArray<LedgerEntry> entries);

    /// <summary>
    /// A user's escrow for a workload: applied when the user can pay it, otherwise refused with the
    /// reason (and nothing moves); asked again with the same key, it gives the same answer.
    /// </summary>
    [Alias("Escrow")]
    Task<string?> EscrowAsync(long slot, string operation, LedgerEntry entry);

    /// <summary>
    /// Phase 0: slot <paramref name="slot"/> begins. Batches are kept in memory until the commit, so an
    /// activation that did not see the slot begin refuses to commit it (<see cref="SlotStateLostException"/>).
    /// </summary>
    [Alias("BeginSlot")]
    Task BeginSlotAsync(long slot);

    /// <summary>
    /// Phase 8: makes the slot's batches durable (one write, none for a slot without entries). Refused with
    /// <see cref="SlotStateLostException"/> by an activation that did not see the slot begin: batches applied
    /// to the one before it are gone, and the slot must be run again.
    /// </summary>
    [Alias("Commit")]
    Task CommitAsync(long slot);

    /// <summary>Every open account's balance and per-kind totals, after a full conservation audit.</summary>
    [Alias("View")]
    Task<LedgerView> ViewAsync();
}
