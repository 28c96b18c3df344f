// The yardstick of a load test: the raw grain-call rate of this silo on this machine, from
// driver grains inside the silo that keep pings to trivial grains in flight. Allocations/s is read as a
// share of it, so the figure means something on any machine.
using System.Diagnostics;
using ProverSim.LoadTest.Ping;

namespace ProverSim.LoadTest;

public static class PingMeter
{
    /// <summary>A grain runs one turn at a time: several drivers let the silo use every core.</summary>
    public static readonly int Drivers = Math.Max(4, 4 * Environment.ProcessorCount);

    /// <summary>Pings outstanding in all, whatever the allocations' --in-flight, so every run measures alike.</summary>
    public const int InFlight = 256;

    /// <summary>Ping grains' keys start here, far from anything else in the silo.</summary>
    private const long FirstKey = 1L << 40;

    /// <summary>Pings per second with <paramref name="inFlight"/> pings outstanding in all.</summary>
    public static async Task<double> MeasureAsync(IGrainFactory grains, int inFlight, TimeSpan duration, CancellationToken cancellationToken)
    {
        var perDriver = Math.Max(1, inFlight / Drivers);

        // Activate the drivers and ping grains and warm the path up; then measure.
        await RunAsync(grains, perDriver, TimeSpan.FromMilliseconds(300));
        cancellationToken.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        var pings = await RunAsync(grains, perDriver, duration);
        return pings / watch.Elapsed.TotalSeconds;
    }

    private static async Task<long> RunAsync(IGrainFactory grains, int perDriver, TimeSpan duration)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, Drivers).Select(d =>
            grains.GetGrain<IPingDriverGrain>(FirstKey + d).RunAsync(perDriver, FirstKey + ((long)d * perDriver), duration)));
        return counts.Sum();
    }
}
