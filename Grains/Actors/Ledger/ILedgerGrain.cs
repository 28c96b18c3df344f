// The ledger of a run (DESIGN.md §1 "Rewards", §2 "Determinism").
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Ledger;

[GenerateSerializer, Immutable, Alias("provsim.LedgerView")]
public sealed record LedgerView(
    long Minted,
    long Burned,
    ImmutableArray<(AccountId Account, long Balance)> Balances,
    ImmutableArray<(AccountId Account, EntryKind Kind, long Amount)> Credits,
    ImmutableArray<(AccountId Account, EntryKind Kind, long Amount)> Debits);

[Alias("provsim.ILedgerGrain")]
public interface ILedgerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a batch, all or nothing, once per <paramref name="operation"/> key (a retried call with
    /// the same key has no second effect); then checks conservation.
    /// </summary>
    [Alias("Apply")]
    Task ApplyAsync(string operation, ImmutableArray<LedgerEntry> entries);

    [Alias("View")]
    Task<LedgerView> ViewAsync();
}
