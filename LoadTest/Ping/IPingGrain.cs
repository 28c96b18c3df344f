// The yardstick of `provsim loadtest`: a grain call that does nothing, so the rate of pings the silo
// sustains is the raw grain-call rate of this machine, against which allocations/s is read.
namespace ProverSim.LoadTest.Ping;

[Alias("provsim.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="value"/> unchanged.</summary>
    [Alias("Ping")]
    Task<long> PingAsync(long value);
}
