// A prover's concurrent job slots in virtual time (DESIGN.md §1 "Declines", §2.1 phases 4 and 5): each
// slot keeps the intervals its jobs hold, [start, finish), which may run many simulation slots ahead. A
// job of known duration fits a slot where the whole of [start, start + duration) is free, so a job
// booked later in virtual time (by an earlier phase) never makes an earlier arrival look busy, and an
// earlier arrival never runs over it.
namespace ProverSim.Grains.Protocol;

public sealed class JobSlots
{
    private readonly List<(long Start, long End)>[] _busy;

    public JobSlots(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _busy = [.. Enumerable.Range(0, count).Select(_ => new List<(long, long)>())];
    }

    /// <summary>From the persisted form: per slot, its intervals as start, end pairs.</summary>
    public JobSlots(IReadOnlyList<long[]> busy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(busy.Count, 1);
        _busy = [.. busy.Select(pairs => Enumerable.Range(0, pairs.Length / 2).Select(i => (pairs[2 * i], pairs[(2 * i) + 1])).ToList())];
    }

    /// <summary>The persisted form: per slot, its intervals as start, end pairs, in time order.</summary>
    public long[][] Busy => [.. _busy.Select(slot => slot.SelectMany(i => new[] { i.Start, i.End }).ToArray())];

    /// <summary>The lowest-numbered slot where [<paramref name="at"/>, at + <paramref name="duration"/>) is free, or -1.</summary>
    public int FreeFor(long at, long duration)
    {
        for (var slot = 0; slot < _busy.Length; slot++)
        {
            if (Fits(_busy[slot], at, duration))
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>The earliest start at or after <paramref name="at"/> where the job fits, over all slots (lowest slot on ties).</summary>
    public (int Slot, long Start) EarliestFit(long at, long duration)
    {
        var best = (Slot: -1, Start: long.MaxValue);
        for (var slot = 0; slot < _busy.Length; slot++)
        {
            var start = EarliestStart(_busy[slot], at, duration);
            if (start < best.Start)
            {
                best = (slot, start);
            }
        }

        return best;
    }

    /// <summary>
    /// Where a job arriving at <paramref name="at"/> that takes <paramref name="duration"/> goes: a slot
    /// free for its whole run at once; otherwise, when <paramref name="mayQueue"/>, the earliest start at
    /// which one is, else nowhere (the slot -1: declined at capacity).
    /// </summary>
    public (int Slot, long Start) Place(long at, long duration, bool mayQueue)
    {
        var free = FreeFor(at, duration);
        if (free >= 0)
        {
            return (free, at);
        }

        return mayQueue ? EarliestFit(at, duration) : (-1, at);
    }

    /// <summary>Holds <paramref name="slot"/> over [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public void Book(int slot, long start, long end)
    {
        if (end <= start)
        {
            return;
        }

        if (!Fits(_busy[slot], start, end - start))
        {
            throw new InvalidOperationException($"job slot {slot} is already busy within [{start}, {end})");
        }

        var intervals = _busy[slot];
        var index = intervals.FindIndex(i => i.Start > start);
        intervals.Insert(index < 0 ? intervals.Count : index, (start, end));
    }

    /// <summary>Forgets the intervals that ended by <paramref name="time"/>: no job can arrive before it any more.</summary>
    public void ForgetBefore(long time)
    {
        foreach (var intervals in _busy)
        {
            intervals.RemoveAll(i => i.End <= time);
        }
    }

    private static bool Fits(List<(long Start, long End)> intervals, long at, long duration) =>
        intervals.All(i => at + Math.Max(duration, 1) <= i.Start || i.End <= at);

    // Gaps are tried in time order: at itself, then the end of each interval that ends after it.
    private static long EarliestStart(List<(long Start, long End)> intervals, long at, long duration)
    {
        foreach (var start in intervals.Select(i => i.End).Where(end => end > at).Prepend(at))
        {
            if (Fits(intervals, start, duration))
            {
                return start;
            }
        }

        return long.MaxValue;
    }
}
