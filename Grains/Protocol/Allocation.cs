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
        return Draw(eligible as EligibleSet ?? new EligibleSet(eligible), random, k, weight);
    }

    /// <summary>The same draw from an eligible set that was sorted and checked once (see <see cref="EligibleSet"/>).</summary>
    public static ImmutableArray<long> Draw(EligibleSet eligible, ReadOnlySpan<byte> random, int k, AllocationWeight weight)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var stream = new HashStream(Domain, random);
        return weight switch
        {
            AllocationWeight.Uniform => DrawUniform(eligible, stream, k),
            AllocationWeight.Stake => DrawByStake(eligible, stream, k),
            _ => throw new ArgumentOutOfRangeException(nameof(weight)),
        };
    }

    // Partial Fisher–Yates over the indices 0..n−1: each step picks uniformly among those not yet drawn.
    // Only the positions a swap has touched are stored (untouched position p holds index p), so a draw
    // costs O(k), not O(n).
    private static ImmutableArray<long> DrawUniform(EligibleSet eligible, HashStream stream, int k)
    {
        var count = Math.Min(k, eligible.Count);
        var swapped = new Dictionary<int, int>(2 * count);
        var chosen = ImmutableArray.CreateBuilder<long>(count);
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)stream.NextBelow((ulong)(eligible.Count - i));
            var atI = swapped.GetValueOrDefault(i, i);
            var atJ = swapped.GetValueOrDefault(j, j);
            swapped[i] = atJ;
            swapped[j] = atI;
            chosen.Add(eligible[atJ].ProverId);
        }

        return chosen.MoveToImmutable();
    }

    // Successive weighted draws without replacement: a point in [0, remaining stake) picks the prover whose
    // stretch of the remaining members' cumulative stake holds it, which is then removed. The point is
    // moved past every removed prover's stretch that lies at or before it (in id order), then found by
    // binary search in the cumulative stake of the whole set: O(k) per draw plus O(log n), instead of a
    // scan and a removal over the whole list.
    private static ImmutableArray<long> DrawByStake(EligibleSet eligible, HashStream stream, int k)
    {
        var count = Math.Min(k, eligible.Count);
        var cumulative = eligible.CumulativeStake;
        var total = cumulative[^1];
        var removed = new List<int>(count);
        var chosen = ImmutableArray.CreateBuilder<long>(count);
        for (var i = 0; i < count; i++)
        {
            var point = stream.NextBelow(total);
            foreach (var index in removed)
            {
                if (cumulative[index] > point)
                {
                    break;
                }

                point += (UInt128)eligible[index].Stake;
            }

            var pick = LastAtOrBelow(cumulative, point);
            chosen.Add(eligible[pick].ProverId);
            total -= (UInt128)eligible[pick].Stake;
            var at = removed.BinarySearch(pick);
            removed.Insert(~at, pick);
        }

        return chosen.MoveToImmutable();
    }

    // The largest i < cumulative.Length − 1 with cumulative[i] ≤ point (cumulative is strictly increasing).
    private static int LastAtOrBelow(UInt128[] cumulative, UInt128 point)
    {
        int low = 0, high = cumulative.Length - 2;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (cumulative[middle] <= point)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
