// One driver of the ping measurement (see IPingDriverGrain). A grain runs one turn at a time, so the
// load test starts several drivers to let the silo use every core.
using System.Diagnostics;

namespace ProverSim.LoadTest.Ping;

public sealed class PingDriverGrain : Grain, IPingDriverGrain
{
    public async Task<long> RunAsync(int concurrency, long firstKey, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async i =>
        {
            var ping = GrainFactory.GetGrain<IPingGrain>(firstKey + i);
            long count = 0;
            while (watch.Elapsed < duration)
            {
                await ping.PingAsync(count);
                count++;
            }

            return count;
        }));
        return counts.Sum();
    }
}
