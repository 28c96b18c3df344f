// The ledger as the results see it at the end of a run: totals, each open account's balance and
// per-kind credits and debits, and the per-kind totals over every account (closed escrows included).
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Ledger;

[GenerateSerializer, Immutable, Alias("provsim.LedgerView")]
public sealed record LedgerView(
    long Minted,
    long Burned,
    ImmutableArray<(AccountId Account, long Balance)> Balances,
    ImmutableArray<(AccountId Account, EntryKind Kind, long Amount)> Credits,
    ImmutableArray<(AccountId Account, EntryKind Kind, long Amount)> Debits,
    ImmutableArray<(EntryKind Kind, long Amount)> CreditTotals,
    ImmutableArray<(EntryKind Kind, long Amount)> DebitTotals)
{
    public long Held => Balances.Sum(b => b.Balance);

    public long CreditTotal(EntryKind kind) => CreditTotals.Where(t => t.Kind == kind).Sum(t => t.Amount);

    public long DebitTotal(EntryKind kind) => DebitTotals.Where(t => t.Kind == kind).Sum(t => t.Amount);
}
