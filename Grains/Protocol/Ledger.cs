// The ledger (DESIGN.md §1 "Rewards", §2 "Determinism"): integer base units in accounts for provers,
// users, locked stake and workload escrow, plus the burn. Every credit is tagged with its kind so that
// earnings can be reported by kind. A batch costs O(its entries): the total held is kept as a running
// sum, so conservation — minted = balances + locked + escrow + burned — is checked after every batch
// without walking the accounts; Audit() re-adds every balance (on restore and at checkpoints). A settled
// workload's escrow account closes once it is empty: its per-account rows go, the per-kind totals stay.
namespace ProverSim.Grains.Protocol;

public enum AccountKind
{
    Prover,
    User,
    Stake,
    Escrow,

    /// <summary>An epoch's reward pot under proportional-lottery: deposits until the run ends, then split.</summary>
    Pot,
}

public readonly record struct AccountId(AccountKind Kind, long Id) : IComparable<AccountId>
{
    public static AccountId Prover(long id) => new(AccountKind.Prover, id);

    public static AccountId User(long id) => new(AccountKind.User, id);

    public static AccountId StakeOf(long proverId) => new(AccountKind.Stake, proverId);

    public static AccountId Escrow(long workloadId) => new(AccountKind.Escrow, workloadId);

    public static AccountId Pot(long epoch) => new(AccountKind.Pot, epoch);

    public int CompareTo(AccountId other) => (Kind, Id).CompareTo((other.Kind, other.Id));

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}

/// <summary>Why money moved; earnings are reported per kind.</summary>
public enum EntryKind
{
    Genesis,
    TierReward,
    Fee,
    PowReward,
    Escrow,
    Refund,
    StakeLock,
    StakeUnlock,
    Slash,
    FeeBurn,

    /// <summary>A completed workload's network reward, minted into its epoch's pot (proportional-lottery).</summary>
    PotDeposit,

    /// <summary>ramp-and-lock: the half of a slashed lock's collateral that goes, from the locker's stake, to whoever fulfilled.</summary>
    CollateralAward,
}

/// <summary>One movement. From null = minted; To null = burned.</summary>
public sealed record LedgerEntry(AccountId? From, AccountId? To, long Amount, EntryKind Kind);

public sealed class LedgerException(string message) : InvalidOperationException(message);

public sealed class Ledger
{
    private readonly SortedDictionary<AccountId, long> _balances = [];
    private readonly SortedDictionary<(AccountId, EntryKind), long> _credits = [];
    private readonly SortedDictionary<(AccountId, EntryKind), long> _debits = [];
    private readonly SortedDictionary<EntryKind, long> _creditTotals = [];
    private readonly SortedDictionary<EntryKind, long> _debitTotals = [];

    public long Minted { get; private set; }

    /// <summary>The sum of every balance, kept as entries move money.</summary>
    public long Held { get; private set; }

    public long Burned { get; private set; }

    public long BalanceOf(AccountId account) => _balances.GetValueOrDefault(account);

    /// <summary>Total credited to <paramref name="account"/> by entries of <paramref name="kind"/>.</summary>
    public long CreditedTo(AccountId account, EntryKind kind) => _credits.GetValueOrDefault((account, kind));

    /// <summary>Total paid out of <paramref name="account"/> by entries of <paramref name="kind"/> (e.g. slashed stake).</summary>
    public long DebitedFrom(AccountId account, EntryKind kind) => _debits.GetValueOrDefault((account, kind));

    public IEnumerable<KeyValuePair<AccountId, long>> Balances => _balances;

    public IEnumerable<KeyValuePair<(AccountId Account, EntryKind Kind), long>> Debits => _debits;

    public IEnumerable<KeyValuePair<(AccountId Account, EntryKind Kind), long>> Credits => _credits;

    /// <summary>Everything ever credited by each kind, closed accounts included.</summary>
    public IEnumerable<KeyValuePair<EntryKind, long>> CreditTotals => _creditTotals;

    /// <summary>Everything ever debited by each kind, closed accounts included.</summary>
    public IEnumerable<KeyValuePair<EntryKind, long>> DebitTotals => _debitTotals;

    public long CreditTotal(EntryKind kind) => _creditTotals.GetValueOrDefault(kind);

    public long DebitTotal(EntryKind kind) => _debitTotals.GetValueOrDefault(kind);

    /// <summary>Applies the entries in order, all or nothing (a batch that would overdraw any account or
    /// overflow any total is rejected before anything moves); then checks conservation and closes the
    /// escrow accounts the batch emptied.</summary>
    public void Apply(IEnumerable<LedgerEntry> entries)
    {
        var list = entries.ToList();
        try
        {
            Rehearse(list);
        }
        catch (OverflowException)
        {
            throw new LedgerException("the batch would overflow an account or the minted or burned total");
        }

        foreach (var entry in list)
        {
            ApplyOne(entry);
        }

        if (Minted != checked(Held + Burned))
        {
            throw new LedgerException($"ledger does not balance: minted {Minted} ≠ held {Held} + burned {Burned}");
        }

        foreach (var entry in list)
        {
            if (entry.From is { Kind: AccountKind.Escrow } escrow && _balances.TryGetValue(escrow, out var left) && left == 0)
            {
                Close(escrow);
            }
        }
    }

    // An empty escrow account of a settled workload: its rows go, the per-kind totals keep what it moved.
    private void Close(AccountId account)
    {
        _balances.Remove(account);
        foreach (var kind in Enum.GetValues<EntryKind>())
        {
            _credits.Remove((account, kind));
            _debits.Remove((account, kind));
        }
    }

    // Plays the batch on the touched balances and the totals only, throwing on the first problem.
    private void Rehearse(List<LedgerEntry> list)
    {
        var pending = new Dictionary<AccountId, long>();
        var minted = Minted;
        var burned = Burned;
        foreach (var entry in list)
        {
            Validate(entry);
            if (entry.From is { } from)
            {
                var balance = pending.TryGetValue(from, out var p) ? p : BalanceOf(from);
                if (balance < entry.Amount)
                {
                    throw new LedgerException($"account {from} holds {balance}, cannot pay {entry.Amount} ({entry.Kind})");
                }

                pending[from] = balance - entry.Amount;
            }
            else
            {
                minted = checked(minted + entry.Amount);
            }

            if (entry.To is { } to)
            {
                pending[to] = checked((pending.TryGetValue(to, out var p) ? p : BalanceOf(to)) + entry.Amount);
            }
            else
            {
                burned = checked(burned + entry.Amount);
            }
        }
    }

    /// <summary>
    /// Re-adds every balance: throws <see cref="LedgerException"/> unless minted = every balance (incl.
    /// locked and escrow) + burned and no balance is negative. O(accounts).
    /// </summary>
    public void Audit()
    {
        var held = _balances.Values.Aggregate(0L, (sum, b) => checked(sum + b));
        if (held != Held)
        {
            throw new LedgerException($"ledger's running total {Held} ≠ the sum of its balances {held}");
        }

        if (Minted != checked(held + Burned))
        {
            throw new LedgerException($"ledger does not balance: minted {Minted} ≠ held {held} + burned {Burned}");
        }

        var negative = _balances.FirstOrDefault(b => b.Value < 0);
        if (negative.Value < 0)
        {
            throw new LedgerException($"account {negative.Key} is negative ({negative.Value})");
        }
    }

    /// <summary>Rebuilds a ledger from persisted figures (the per-kind totals summed from the rows) and rejects one that does not balance.</summary>
    public static Ledger Restore(
        long minted,
        long burned,
        IEnumerable<KeyValuePair<AccountId, long>> balances,
        IEnumerable<KeyValuePair<(AccountId, EntryKind), long>> credits,
        IEnumerable<KeyValuePair<(AccountId, EntryKind), long>> debits)
    {
        var creditRows = credits.ToList();
        var debitRows = debits.ToList();
        return Restore(
            minted,
            burned,
            balances,
            creditRows,
            debitRows,
            creditRows.GroupBy(c => c.Key.Item2).Select(g => KeyValuePair.Create(g.Key, g.Sum(c => c.Value))),
            debitRows.GroupBy(d => d.Key.Item2).Select(g => KeyValuePair.Create(g.Key, g.Sum(d => d.Value))));
    }

    /// <summary>Rebuilds a ledger from persisted figures and rejects one that does not balance.</summary>
    public static Ledger Restore(
        long minted,
        long burned,
        IEnumerable<KeyValuePair<AccountId, long>> balances,
        IEnumerable<KeyValuePair<(AccountId, EntryKind), long>> credits,
        IEnumerable<KeyValuePair<(AccountId, EntryKind), long>> debits,
        IEnumerable<KeyValuePair<EntryKind, long>> creditTotals,
        IEnumerable<KeyValuePair<EntryKind, long>> debitTotals)
    {
        var ledger = new Ledger { Minted = minted, Burned = burned };
        foreach (var (account, amount) in balances)
        {
            ledger._balances[account] = amount;
            ledger.Held = checked(ledger.Held + amount);
        }

        foreach (var (kind, amount) in creditTotals)
        {
            ledger._creditTotals[kind] = amount;
        }

        foreach (var (kind, amount) in debitTotals)
        {
            ledger._debitTotals[kind] = amount;
        }

        foreach (var (key, amount) in credits)
        {
            ledger._credits[key] = amount;
        }

        foreach (var (key, amount) in debits)
        {
            ledger._debits[key] = amount;
        }

        ledger.Audit();
        return ledger;
    }

    private static void Validate(LedgerEntry entry)
    {
        if (entry.Amount < 0)
        {
            throw new LedgerException($"negative amount {entry.Amount} ({entry.Kind})");
        }

        if (entry.From is null && entry.To is null)
        {
            throw new LedgerException($"an entry must have a source or a destination ({entry.Kind})");
        }
    }

    private void ApplyOne(LedgerEntry entry)
    {
        if (entry.Amount == 0)
        {
            return;
        }

        if (entry.From is { } from)
        {
            _balances[from] = BalanceOf(from) - entry.Amount;
            _debits[(from, entry.Kind)] = checked(_debits.GetValueOrDefault((from, entry.Kind)) + entry.Amount);
            _debitTotals[entry.Kind] = checked(_debitTotals.GetValueOrDefault(entry.Kind) + entry.Amount);
            Held -= entry.Amount;
        }
        else
        {
            Minted = checked(Minted + entry.Amount);
        }

        if (entry.To is { } to)
        {
            _balances[to] = checked(BalanceOf(to) + entry.Amount);
            _credits[(to, entry.Kind)] = checked(_credits.GetValueOrDefault((to, entry.Kind)) + entry.Amount);
            _creditTotals[entry.Kind] = checked(_creditTotals.GetValueOrDefault(entry.Kind) + entry.Amount);
            Held = checked(Held + entry.Amount);
        }
        else
        {
            Burned = checked(Burned + entry.Amount);
        }
    }
}
