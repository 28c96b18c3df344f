// Allocation (DESIGN.md §1): k distinct provers drawn from the eligible members, uniformly or weighted
// by stake, as a pure function of (eligible set sorted by id, 32-byte VRF output). Anyone holding the
// VRF output and the epoch's snapshot recomputes the same list.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

/// <summary>An eligible member as allocation sees it.</summary>
public readonly record struct Candidate(long ProverId, long Stake);

public static class Allocation
{
    public const string Domain = "provsim/allocation/v1";

    /// <summary>
    /// Draws min(k, |eligible|) distinct provers, in draw order. <paramref name="eligible"/> must be
    /// sorted by strictly increasing id; stake weighting needs every stake &gt; 0.
    /// </summary>
    public static ImmutableArray<long> Draw(IReadOnlyList<Candidate> eligible, ReadOnlySpan<byte> random, int k, AllocationWeight weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        for (var i = 1; i < eligible.Count; i++)
        {
            if (eligible[i - 1].ProverId >= eligible[i].ProverId)
            {
                throw new ArgumentException("eligible provers must be sorted by strictly increasing id", nameof(eligible));
            }
        }

        var stream = new HashStream(Domain, random);
        return weight switch
        {
            AllocationWeight.Uniform => DrawUniform(eligible, stream, k),
            AllocationWeight.Stake => DrawByStake(eligible, stream, k),
            _ => throw new ArgumentOutOfRangeException(nameof(weight)),
        };
    }

    // Partial Fisher–Yates over the indices: each step picks uniformly among those not yet drawn.
    private static ImmutableArray<long> DrawUniform(IReadOnlyList<Candidate> eligible, HashStream stream, int k)
    {
        var count = Math.Min(k, eligible.Count);
        var indices = Enumerable.Range(0, eligible.Count).ToArray();
        var chosen = ImmutableArray.CreateBuilder<long>(count);
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)stream.NextBelow((ulong)(indices.Length - i));
            (indices[i], indices[j]) = (indices[j], indices[i]);
            chosen.Add(eligible[indices[i]].ProverId);
        }

        return chosen.MoveToImmutable();
    }

    // Successive weighted draws without replacement: a point in [0, remaining stake) picks a prover by
    // cumulative stake, which is then removed.
    private static ImmutableArray<long> DrawByStake(IReadOnlyList<Candidate> eligible, HashStream stream, int k)
    {
        var count = Math.Min(k, eligible.Count);
        var remaining = eligible.ToList();
        UInt128 total = 0;
        foreach (var candidate in remaining)
        {
            if (candidate.Stake <= 0)
            {
                throw new ArgumentException($"prover {candidate.ProverId} has no stake; stake weighting needs stake > 0", nameof(eligible));
            }

            total += (UInt128)candidate.Stake;
        }

        var chosen = ImmutableArray.CreateBuilder<long>(count);
        for (var i = 0; i < count; i++)
        {
            var point = stream.NextBelow(total);
            var index = 0;
            while (point >= (UInt128)remaining[index].Stake)
            {
                point -= (UInt128)remaining[index].Stake;
                index++;
            }

            chosen.Add(remaining[index].ProverId);
            total -= (UInt128)remaining[index].Stake;
            remaining.RemoveAt(index);
        }

        return chosen.MoveToImmutable();
    }
}
