// Who may be drawn for a workload (DESIGN.md §1 "Allocation"): members of the epoch snapshot whose
// declared hardware meets the workload's requirement, sorted by id. Shared by the ActiveSet grain and
// by `provsim verify`, which recomputes every allocation from the results files alone.
using System.Collections;

namespace ProverSim.Grains.Protocol;

public static class Eligibility
{
    public static List<Candidate> Filter(
        IEnumerable<(long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket)> snapshot,
        HardwareRequirement requirement,
        bool takersOnly,
        IReadOnlyCollection<long> exclude) =>
        [.. snapshot
            .Where(m => requirement.IsMetBy(m.Declared) && (!takersOnly || m.TakesMarket) && !exclude.Contains(m.ProverId))
            .OrderBy(m => m.ProverId)
            .Select(m => new Candidate(m.ProverId, m.Stake))];
}

/// <summary>
/// The eligible members of one epoch snapshot for one requirement, sorted by id and checked once, with the
/// cumulative stake that stake-weighted draws search. The ActiveSet grain keeps one per requirement for the
/// epoch, so that a draw costs O(k) (uniform) or O(k log n) (stake) rather than a pass over the snapshot.
/// </summary>
public sealed class EligibleSet : IReadOnlyList<Candidate>
{
    private readonly Candidate[] _members;
    private UInt128[]? _cumulativeStake;

    /// <summary>Throws <see cref="ArgumentException"/> unless ids are strictly increasing.</summary>
    public EligibleSet(IEnumerable<Candidate> eligible)
    {
        _members = [.. eligible];
        for (var i = 1; i < _members.Length; i++)
        {
            if (_members[i - 1].ProverId >= _members[i].ProverId)
            {
                throw new ArgumentException("eligible provers must be sorted by strictly increasing id", nameof(eligible));
            }
        }
    }

    public int Count => _members.Length;

    public Candidate this[int index] => _members[index];

    /// <summary>
    /// Entry i is the stake of members [0, i), so entry Count is the total. Throws
    /// <see cref="ArgumentException"/> if a member has no stake: stake weighting needs stake &gt; 0.
    /// </summary>
    public UInt128[] CumulativeStake => _cumulativeStake ??= Cumulate(_members);

    public IEnumerator<Candidate> GetEnumerator() => ((IEnumerable<Candidate>)_members).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static UInt128[] Cumulate(Candidate[] members)
    {
        var cumulative = new UInt128[members.Length + 1];
        for (var i = 0; i < members.Length; i++)
        {
            if (members[i].Stake <= 0)
            {
                throw new ArgumentException($"prover {members[i].ProverId} has no stake; stake weighting needs stake > 0", "eligible");
            }

            cumulative[i + 1] = cumulative[i] + (UInt128)members[i].Stake;
        }

        return cumulative;
    }
}
