// The ledger grain: a thin actor over Protocol/Ledger. A batch is applied in memory in O(its entries)
// and kept, keyed by (slot, operation), until the clock commits the slot; the commit appends the slot's
// batches to the journal, in the order they were applied (a replay in another order could overdraw an
// account on the way: a join's stake lock before the same slot's slash), and writes it. Once the journal holds CheckpointEntries entries the whole
// ledger is written as a checkpoint (after a full audit) and the journal starts again, so checkpoints
// cost O(accounts ÷ CheckpointEntries) per entry and an idle slot writes nothing. Batches are numbered
// and a checkpoint names the last one it includes, so a restore never applies one twice. The uncommitted
// batches live only in this activation, so it commits only a slot it saw begin: one that took over in the
// middle of a slot (its silo stopped) refuses the commit, and the slot is run again.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Ledger;

// Never collected for idleness within a day: a phase of a large slot (thousands of join proofs) can keep
// it idle for longer than the silo's default collection age, and collecting it mid-slot would lose the
// slot's part it holds (the slot would then run again, and again).
[CollectionAgeLimit(Hours = 24)]
public sealed class LedgerGrain(
    [PersistentState("ledger", StorageNames.Simulation)] IPersistentState<LedgerCheckpoint> checkpoint,
    [PersistentState("ledger-journal", StorageNames.Simulation)] IPersistentState<LedgerJournal> journal) : Grain, ILedgerGrain
{
    /// <summary>Entries the journal holds before the next checkpoint.</summary>
    public const int CheckpointEntries = 4_096;

    // The batches of the slot not yet committed, by operation key, and the order they were applied in.
    private readonly Dictionary<(long Slot, string Operation), ImmutableArray<LedgerEntry>> _uncommitted = [];
    private readonly List<(long Slot, string Operation)> _applied = [];

    // Escrows refused in the slot not yet committed, by operation key: a repeated request is refused again.
    private readonly Dictionary<(long Slot, string Operation), string> _refused = [];

    private Protocol.Ledger _ledger = new();

    // The slot this activation saw begin (the only one it may commit).
    private long? _begun;

    private LedgerJournal J => journal.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var c = checkpoint.State;
        _ledger = Protocol.Ledger.Restore(
            c.Minted,
            c.Burned,
            c.Balances.Select(b => KeyValuePair.Create(b.Account, b.Balance)),
            c.Credits.Select(x => KeyValuePair.Create((x.Account, x.Kind), x.Amount)),
            c.Debits.Select(x => KeyValuePair.Create((x.Account, x.Kind), x.Amount)),
            c.CreditTotals.Select(t => KeyValuePair.Create(t.Kind, t.Amount)),
            c.DebitTotals.Select(t => KeyValuePair.Create(t.Kind, t.Amount)));
        foreach (var batch in J.Batches.Where(b => b.Sequence > c.ThroughSequence))
        {
            try
            {
                _ledger.Apply(batch.Entries);
            }
            catch (LedgerException e)
            {
                throw new LedgerRejectedException($"ledger {this.GetPrimaryKeyString()} cannot be restored: batch {batch.Sequence} '{batch.Slot}/{batch.Operation}': {e.Message}");
            }
        }

        return Task.CompletedTask;
    }

    public Task BeginSlotAsync(long slot)
    {
        _begun = slot;
        return Task.CompletedTask;
    }

    public Task ApplyAsync(long slot, string operation, ImmutableArray<LedgerEntry> entries)
    {
        if (slot <= J.CommittedSlot || entries.IsEmpty || _uncommitted.ContainsKey((slot, operation)))
        {
            return Task.CompletedTask;
        }

        EnsureBegun(slot, "apply");

        try
        {
            _ledger.Apply(entries);
        }
        catch (LedgerException e)
        {
            throw new LedgerRejectedException($"ledger operation '{slot}/{operation}' rejected: {e.Message} (committed through slot {J.CommittedSlot}, {J.Batches.Count} journal batches, applied this slot: {string.Join(" ", _applied.Where(k => k.Slot == slot).Select(k => k.Operation))}; the journal's batches of {Subject(operation)}: {string.Join(" ", J.Batches.Where(b => Subject(b.Operation) == Subject(operation)).Select(b => $"{b.Slot}/{b.Operation}"))})");
        }

        _uncommitted[(slot, operation)] = entries;
        _applied.Add((slot, operation));
        return Task.CompletedTask;
    }

    // An activation that saw no slot begin started in the middle of one: what its predecessor applied is
    // gone, so a batch applied now would be computed on the wrong balances (an escrow accepted that the
    // lost one would have refused). It refuses, and the slot runs again from its beginning.
    private void EnsureBegun(long slot, string what)
    {
        if (_begun is null)
        {
            throw new SlotStateLostException($"ledger {this.GetPrimaryKeyString()} cannot {what} in slot {slot}: this activation started in the middle of the slot, so batches applied before it started are gone; the slot is run again");
        }
    }

    // What an operation is about: the workload of "escrow/N" and "settle/N", or the operation itself.
    private static string Subject(string operation) => operation.Split('/') is [_, var id] ? id : operation;

    public Task<string?> EscrowAsync(long slot, string operation, LedgerEntry entry)
    {
        if (_refused.TryGetValue((slot, operation), out var refusal))
        {
            return Task.FromResult<string?>(refusal);
        }

        if (slot <= J.CommittedSlot || _uncommitted.ContainsKey((slot, operation)))
        {
            return Task.FromResult<string?>(null);
        }

        EnsureBegun(slot, "escrow");

        try
        {
            _ledger.Apply([entry]);
        }
        catch (LedgerException e)
        {
            _refused[(slot, operation)] = e.Message;
            return Task.FromResult<string?>(e.Message);
        }

        _uncommitted[(slot, operation)] = [entry];
        _applied.Add((slot, operation));
        return Task.FromResult<string?>(null);
    }

    public async Task CommitAsync(long slot)
    {
        foreach (var key in _refused.Keys.Where(k => k.Slot <= slot).ToList())
        {
            _refused.Remove(key);
        }

        if (slot <= J.CommittedSlot)
        {
            return;
        }

        if (_begun != slot)
        {
            throw new SlotStateLostException($"ledger {this.GetPrimaryKeyString()} cannot commit slot {slot}: this activation did not see it begin ({(_begun is { } b ? $"it saw slot {b} begin" : "it started in the middle of the slot")}), so batches applied before it started are gone; the slot is run again");
        }

        var batches = _applied.Where(key => key.Slot <= slot).Select(key => KeyValuePair.Create(key, _uncommitted[key])).ToList();
        if (batches.Count == 0)
        {
            return;
        }

        foreach (var ((batchSlot, operation), entries) in batches)
        {
            J.Batches.Add(new LedgerBatch(J.NextSequence++, batchSlot, operation, entries));
            J.Entries += entries.Length;
            _uncommitted.Remove((batchSlot, operation));
        }

        _applied.RemoveAll(key => key.Slot <= slot);

        J.CommittedSlot = slot;
        if (J.Entries >= CheckpointEntries)
        {
            await CheckpointAsync();
        }

        await journal.WriteStateAsync();
    }

    public Task<LedgerView> ViewAsync()
    {
        _ledger.Audit();
        return Task.FromResult(new LedgerView(
            _ledger.Minted,
            _ledger.Burned,
            [.. _ledger.Balances.Select(b => (b.Key, b.Value))],
            [.. _ledger.Credits.Select(c => (c.Key.Account, c.Key.Kind, c.Value))],
            [.. _ledger.Debits.Select(d => (d.Key.Account, d.Key.Kind, d.Value))],
            [.. _ledger.CreditTotals.Select(t => (t.Key, t.Value))],
            [.. _ledger.DebitTotals.Select(t => (t.Key, t.Value))]));
    }

    private async Task CheckpointAsync()
    {
        _ledger.Audit();
        checkpoint.State = new LedgerCheckpoint
        {
            Minted = _ledger.Minted,
            Burned = _ledger.Burned,
            Balances = [.. _ledger.Balances.Select(b => (b.Key, b.Value))],
            Credits = [.. _ledger.Credits.Select(c => (c.Key.Account, c.Key.Kind, c.Value))],
            Debits = [.. _ledger.Debits.Select(d => (d.Key.Account, d.Key.Kind, d.Value))],
            CreditTotals = [.. _ledger.CreditTotals.Select(t => (t.Key, t.Value))],
            DebitTotals = [.. _ledger.DebitTotals.Select(t => (t.Key, t.Value))],
            ThroughSequence = J.NextSequence - 1,
        };
        await checkpoint.WriteStateAsync();
        J.Batches.Clear();
        J.Entries = 0;
    }
}
