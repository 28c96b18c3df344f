// When a workload closes (DESIGN.md §1 "Copy protection", §2.1 phase 6): once every participant has
// either posted its capsule or run out of its paid cycles, i.e. at the latest such virtual time; the
// temporary keys are revealed then. A workload nobody took part in closes at its arrival.
namespace ProverSim.Grains.Protocol;

public static class WorkloadClose
{
    /// <summary>
    /// The close time from each participant's end: its finish (posted or out of cycles), or null for one
    /// that took no part (declined, or a copier that found nothing to post).
    /// </summary>
    public static long At(long arrivalMicros, IEnumerable<long?> participantEnds)
    {
        long? close = null;
        foreach (var end in participantEnds)
        {
            if (end is { } at && (close is null || at > close))
            {
                close = at;
            }
        }

        return close ?? arrivalMicros;
    }

    /// <summary>The slot whose end the close falls before: the slot that settles the workload.</summary>
    public static long SettlingSlot(long closeMicros, long slotMicros) => closeMicros / slotMicros;
}
