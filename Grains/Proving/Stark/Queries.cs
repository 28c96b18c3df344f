// Query positions (KERNEL.md §5 step 9): draw u64s, mask with N − 1, keep distinct ones, sorted.
using ProverSim.Grains.Proving.Core;

namespace ProverSim.Grains.Proving.Stark;

public static class Queries
{
    public static int[] Draw(Transcript transcript, int count, int domainSize)
    {
        var positions = new SortedSet<int>();
        for (var i = 0; i < count; i++)
        {
            positions.Add((int)(transcript.DrawUInt64() & (ulong)(domainSize - 1)));
        }

        return [.. positions];
    }
}
