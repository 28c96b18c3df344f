// A prover's concurrent job slots in virtual time (DESIGN.md §1 "Declines", §2.1 phases 4 and 5): each
// slot keeps the intervals its jobs hold, [start, finish), which may run many simulation slots ahead,
// each with the job it belongs to. A job of known duration fits a slot where the whole of
// [start, start + duration) is free, so a job booked later in virtual time (by an earlier phase) never
// makes an earlier arrival look busy, and an earlier arrival never runs over it.
//
// A challenge with priority preempts: when no slot is free for its whole run it runs at once on the
// slot it disturbs least, and the job it interrupts pauses for its duration (so finishes that much
// later), pushing the work queued behind it on that slot as far as it must. A challenge is never
// interrupted or pushed itself.
namespace ProverSim.Grains.Protocol;

/// <summary>A job that a preempting challenge made finish later: its tag and its new finish.</summary>
public readonly record struct JobDelay(long Job, long FinishMicros);

public sealed class JobSlots
{
    /// <summary>The tag of an interval whose job is not known (a schedule persisted without tags).</summary>
    public const long Untagged = long.MinValue;

    private readonly List<Interval>[] _busy;

    public JobSlots(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _busy = [.. Enumerable.Range(0, count).Select(_ => new List<Interval>())];
    }

    /// <summary>From the persisted form: per slot, its intervals as start, end pairs, and (when known) their jobs' tags.</summary>
    public JobSlots(IReadOnlyList<long[]> busy, IReadOnlyList<long[]>? jobs = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(busy.Count, 1);
        _busy = [.. busy.Select((pairs, slot) => Enumerable.Range(0, pairs.Length / 2)
            .Select(i => new Interval(pairs[2 * i], pairs[(2 * i) + 1], jobs is null || jobs.Count <= slot || jobs[slot].Length <= i ? Untagged : jobs[slot][i])).ToList())];
    }

    /// <summary>The tag of a challenge's interval: negative, so that it never collides with a workload id.</summary>
    public static long ChallengeTag(long challengeId) => -1 - challengeId;

    /// <summary>The persisted form: per slot, its intervals as start, end pairs, in time order.</summary>
    public long[][] Busy => [.. _busy.Select(slot => slot.SelectMany(i => new[] { i.Start, i.End }).ToArray())];

    /// <summary>The persisted form of the jobs: per slot, each interval's tag, in the order of <see cref="Busy"/>.</summary>
    public long[][] Jobs => [.. _busy.Select(slot => slot.Select(i => i.Job).ToArray())];

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

    /// <summary>Holds <paramref name="slot"/> over [<paramref name="start"/>, <paramref name="end"/>) for the job tagged <paramref name="job"/>.</summary>
    public void Book(int slot, long start, long end, long job = Untagged)
    {
        if (end <= start)
        {
            return;
        }

        if (!Fits(_busy[slot], start, end - start))
        {
            throw new InvalidOperationException($"job slot {slot} is already busy within [{start}, {end})");
        }

        Insert(_busy[slot], new Interval(start, end, job));
    }

    /// <summary>
    /// Books a challenge arriving at <paramref name="at"/> with priority: on a slot free for its whole run
    /// when there is one; else at once on the slot whose jobs it delays least in total (the lowest on ties),
    /// pausing the job it interrupts and pushing the work queued behind it; else — when on every slot it
    /// would interrupt a challenge or push one queued there — at the earliest start. Returns the slot, the
    /// start and the tagged jobs now finishing later (an untagged interval moves but is not reported).
    /// </summary>
    public (int Slot, long Start, IReadOnlyList<JobDelay> Delayed) BookPreempting(long at, long duration, long job)
    {
        var free = FreeFor(at, duration);
        if (free >= 0)
        {
            Book(free, at, at + duration, job);
            return (free, at, []);
        }

        var best = (Slot: -1, Cost: long.MaxValue, After: (List<Interval>?)null);
        for (var slot = 0; slot < _busy.Length; slot++)
        {
            if (Preempted(_busy[slot], at, duration, job) is { } after)
            {
                var was = Finishes(_busy[slot]);
                var cost = Finishes(after).Where(f => was.ContainsKey(f.Key)).Sum(f => f.Value - was[f.Key]);
                if (cost < best.Cost)
                {
                    best = (slot, cost, after);
                }
            }
        }

        if (best.After is null)
        {
            var (slot, start) = EarliestFit(at, duration);
            Book(slot, start, start + duration, job);
            return (slot, start, []);
        }

        var before = Finishes(_busy[best.Slot]);
        _busy[best.Slot].Clear();
        _busy[best.Slot].AddRange(best.After);
        var delayed = Finishes(best.After).Where(f => before.ContainsKey(f.Key) && f.Key != Untagged && f.Value > before[f.Key])
            .Select(f => new JobDelay(f.Key, f.Value)).OrderBy(d => d.Job).ToList();
        return (best.Slot, at, delayed);
    }

    /// <summary>Forgets the intervals that ended by <paramref name="time"/>: no job can arrive before it any more.</summary>
    public void ForgetBefore(long time)
    {
        foreach (var intervals in _busy)
        {
            intervals.RemoveAll(i => i.End <= time);
        }
    }

    // One slot's intervals with the challenge [at, at + duration) run at once: the interval it interrupts
    // keeps its part before `at` and resumes after the challenge; everything from `at` on moves as late as
    // the work before it pushes it. Null when that would interrupt or move a challenge.
    private static List<Interval>? Preempted(List<Interval> intervals, long at, long duration, long job)
    {
        var after = intervals.Where(i => i.End <= at).ToList();
        var pending = new List<(long EarliestStart, long Length, long Job)>();
        foreach (var i in intervals.Where(i => i.End > at))
        {
            if (i.Start < at)
            {
                if (IsChallenge(i.Job))
                {
                    return null;
                }

                after.Add(i with { End = at });
                pending.Add((at, i.End - at, i.Job));
            }
            else
            {
                pending.Add((i.Start, i.End - i.Start, i.Job));
            }
        }

        after.Add(new Interval(at, at + duration, job));
        var cursor = at + duration;
        foreach (var (earliest, length, tag) in pending)
        {
            var start = Math.Max(earliest, cursor);
            if (IsChallenge(tag) && start != earliest)
            {
                return null;
            }

            after.Add(new Interval(start, start + length, tag));
            cursor = start + length;
        }

        return [.. after.OrderBy(i => i.Start)];
    }

    private static bool IsChallenge(long job) => job < 0 && job != Untagged;

    // Each tagged job's finish on a slot: the end of its last piece.
    private static Dictionary<long, long> Finishes(List<Interval> intervals) =>
        intervals.GroupBy(i => i.Job).ToDictionary(g => g.Key, g => g.Max(i => i.End));

    private static void Insert(List<Interval> intervals, Interval interval)
    {
        var index = intervals.FindIndex(i => i.Start > interval.Start);
        intervals.Insert(index < 0 ? intervals.Count : index, interval);
    }

    private static bool Fits(List<Interval> intervals, long at, long duration) =>
        intervals.All(i => at + Math.Max(duration, 1) <= i.Start || i.End <= at);

    // Gaps are tried in time order: at itself, then the end of each interval that ends after it.
    private static long EarliestStart(List<Interval> intervals, long at, long duration)
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

    private readonly record struct Interval(long Start, long End, long Job);
}
