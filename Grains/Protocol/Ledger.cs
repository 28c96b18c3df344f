// The ledger (DESIGN.md §1 "Rewards", §2 "Determinism"): integer base units in accounts for provers,
// users, locked stake and workload escrow, plus the burn. Every credit is tagged with its kind so that
// earnings can be reported by kind. Conservation — minted = balances + locked + escrow + burned — is
// checked after every batch; a state that breaks it is rejected, never silently carried on.
namespace ProverSim.Grains.Protocol;

public enum AccountKind
{
    Prover,
    User,
    Stake,
    Escrow,
}

public readonly record struct AccountId(AccountKind Kind, long Id) : IComparable<AccountId>
{
    public static AccountId Prover(long id) => new(AccountKind.Prover, id);

    public static AccountId User(long id) => new(AccountKind.User, id);

    public static AccountId StakeOf(long proverId) => new(AccountKind.Stake, proverId);

    public static AccountId Escrow(long workloadId) => new(AccountKind.Escrow, workloadId);

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
}

/// <summary>One movement. From null = minted; To null = burned.</summary>
public sealed record LedgerEntry(AccountId? From, AccountId? To, long Amount, EntryKind Kind);

public sealed class LedgerException(string message) : InvalidOperationException(message);

public sealed class Ledger
{
    private readonly SortedDictionary<AccountId, long> _balances = [];
    private readonly SortedDictionary<(AccountId, EntryKind), long> _credits = [];
    private readonly SortedDictionary<(AccountId, EntryKind), long> _debits = [];

    public long Minted { get; private set; }

    public long Burned { get; private set; }

    public long BalanceOf(AccountId account) => _balances.GetValueOrDefault(account);

    /// <summary>Total credited to <paramref name="account"/> by entries of <paramref name="kind"/>.</summary>
    public long CreditedTo(AccountId account, EntryKind kind) => _credits.GetValueOrDefault((account, kind));

    /// <summary>Total paid out of <paramref name="account"/> by entries of <paramref name="kind"/> (e.g. slashed stake).</summary>
    public long DebitedFrom(AccountId account, EntryKind kind) => _debits.GetValueOrDefault((account, kind));

    public IEnumerable<KeyValuePair<AccountId, long>> Balances => _balances;

    public IEnumerable<KeyValuePair<(AccountId Account, EntryKind Kind), long>> Debits => _debits;

    public IEnumerable<KeyValuePair<(AccountId Account, EntryKind Kind), long>> Credits => _credits;

    /// <summary>Applies the entries in order, all or nothing (a batch that would overdraw any account or
    /// overflow any total is rejected before anything moves); then checks conservation.</summary>
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

        CheckConservation();
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

    /// <summary>Throws <see cref="LedgerException"/> unless minted = every balance (incl. locked and escrow) + burned.</summary>
    public void CheckConservation()
    {
        var held = _balances.Values.Aggregate(0L, (sum, b) => checked(sum + b));
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

    /// <summary>Rebuilds a ledger from persisted figures and rejects one that does not balance.</summary>
    public static Ledger Restore(
        long minted,
        long burned,
        IEnumerable<KeyValuePair<AccountId, long>> balances,
        IEnumerable<KeyValuePair<(AccountId, EntryKind), long>> credits,
        IEnumerable<KeyValuePair<(AccountId, EntryKind), long>> debits)
    {
        var ledger = new Ledger { Minted = minted, Burned = burned };
        foreach (var (account, amount) in balances)
        {
            ledger._balances[account] = amount;
        }

        foreach (var (key, amount) in credits)
        {
            ledger._credits[key] = amount;
        }

        foreach (var (key, amount) in debits)
        {
            ledger._debits[key] = amount;
        }

        ledger.CheckConservation();
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
        }
        else
        {
            Minted = checked(Minted + entry.Amount);
        }

        if (entry.To is { } to)
        {
            _balances[to] = checked(BalanceOf(to) + entry.Amount);
            _credits[(to, entry.Kind)] = checked(_credits.GetValueOrDefault((to, entry.Kind)) + entry.Amount);
        }
        else
        {
            Burned = checked(Burned + entry.Amount);
        }
    }
}
