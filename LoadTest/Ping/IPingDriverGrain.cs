// Drives pings from inside the silo (grain to grain, as the Workload grain calls the ActiveSet grain),
// so the rate measured is the silo's own grain-call rate, not the client's.
namespace ProverSim.LoadTest.Ping;

[Alias("provsim.IPingDriverGrain")]
public interface IPingDriverGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Keeps one ping in flight to each of the ping grains [firstKey, firstKey + concurrency) until
    /// <paramref name="duration"/> has passed; returns how many pings completed.
    /// </summary>
    [Alias("Run")]
    Task<long> RunAsync(int concurrency, long firstKey, TimeSpan duration);
}
