// A prover's concurrent job slots in virtual time (DESIGN.md §2.1 phase 4): a job holds its slot from
// its start until its virtual finish, which may be many simulation slots later. Offers are placed in
// canonical order, so each slot's busy-until time only ever moves forward.
namespace ProverSim.Grains.Protocol;

public sealed class JobSlots
{
    private readonly long[] _busyUntil;

    public JobSlots(int count) : this(new long[count])
    {
    }

    public JobSlots(long[] busyUntil)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(busyUntil.Length, 1);
        _busyUntil = busyUntil;
    }

    public IReadOnlyList<long> BusyUntil => _busyUntil;

    /// <summary>The lowest-numbered slot free at <paramref name="at"/>, or -1 if all are busy.</summary>
    public int FreeAt(long at)
    {
        for (var i = 0; i < _busyUntil.Length; i++)
        {
            if (_busyUntil[i] <= at)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The slot that frees first (lowest index on ties), and when.</summary>
    public (int Slot, long At) EarliestFree()
    {
        var best = 0;
        for (var i = 1; i < _busyUntil.Length; i++)
        {
            if (_busyUntil[i] < _busyUntil[best])
            {
                best = i;
            }
        }

        return (best, _busyUntil[best]);
    }

    /// <summary>Holds <paramref name="slot"/> until <paramref name="until"/>.</summary>
    public void Book(int slot, long until) => _busyUntil[slot] = Math.Max(_busyUntil[slot], until);

    /// <summary>
    /// Where a job arriving at <paramref name="at"/> goes (DESIGN.md §1 "Declines"): a free slot at once;
    /// when all are busy, a prover that declines at capacity declines, one that does not queues on the
    /// slot that frees first, and a market or challenge job follows <paramref name="mayQueue"/>.
    /// Returns the slot and start time, or the slot -1 when the job is declined.
    /// </summary>
    public (int Slot, long Start) Place(long at, bool mayQueue)
    {
        var free = FreeAt(at);
        if (free >= 0)
        {
            return (free, at);
        }

        return mayQueue ? EarliestFree() : (-1, at);
    }
}
