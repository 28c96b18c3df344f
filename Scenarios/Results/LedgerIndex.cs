// Lookups into a ledger view by account and kind.
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Protocol;

namespace ProverSim.Scenarios.Results;

public sealed class LedgerIndex
{
    private readonly Dictionary<AccountId, long> _balances;
    private readonly Dictionary<(AccountId, EntryKind), long> _credits;
    private readonly Dictionary<(AccountId, EntryKind), long> _debits;

    private LedgerIndex(LedgerView view)
    {
        _balances = view.Balances.ToDictionary(b => b.Account, b => b.Balance);
        _credits = view.Credits.ToDictionary(c => (c.Account, c.Kind), c => c.Amount);
        _debits = view.Debits.ToDictionary(d => (d.Account, d.Kind), d => d.Amount);
    }

    public static LedgerIndex From(LedgerView view) => new(view);

    public long Balance(AccountId account) => _balances.GetValueOrDefault(account);

    public long Credit(AccountId account, EntryKind kind) => _credits.GetValueOrDefault((account, kind));

    public long Debit(AccountId account, EntryKind kind) => _debits.GetValueOrDefault((account, kind));
}
