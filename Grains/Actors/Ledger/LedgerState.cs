// The ledger's persisted form: a checkpoint of every figure, written rarely, and a journal of the
// batches applied since, written with each batch. Restoring replays the journal over the checkpoint.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Ledger;

[GenerateSerializer, Alias("provsim.LedgerCheckpoint")]
public sealed class LedgerCheckpoint
{
    [Id(0)] public long Minted { get; set; }
    [Id(1)] public long Burned { get; set; }
    [Id(2)] public List<(AccountId Account, long Balance)> Balances { get; set; } = [];
    [Id(3)] public List<(AccountId Account, EntryKind Kind, long Amount)> Credits { get; set; } = [];
    [Id(4)] public List<(AccountId Account, EntryKind Kind, long Amount)> Debits { get; set; } = [];
    [Id(5)] public List<(EntryKind Kind, long Amount)> CreditTotals { get; set; } = [];
    [Id(6)] public List<(EntryKind Kind, long Amount)> DebitTotals { get; set; } = [];
    /// <summary>The sequence number of the last batch this checkpoint includes (journal batches up to it are skipped on restore).</summary>
    [Id(7)] public long ThroughSequence { get; set; } = -1;
}

/// <summary>One applied batch, as the journal keeps it.</summary>
[GenerateSerializer, Immutable, Alias("provsim.LedgerBatch")]
public sealed record LedgerBatch(long Sequence, long Slot, string Operation, ImmutableArray<LedgerEntry> Entries);

[GenerateSerializer, Alias("provsim.LedgerJournal")]
public sealed class LedgerJournal
{
    /// <summary>The last slot committed: batches for it or earlier are retries and change nothing.</summary>
    [Id(0)] public long CommittedSlot { get; set; } = long.MinValue;
    [Id(2)] public List<LedgerBatch> Batches { get; set; } = [];
    [Id(3)] public int Entries { get; set; }
    [Id(4)] public long NextSequence { get; set; }
}
