// A grain with no state and no work (see IPingGrain): one call costs exactly Orleans' own overhead.
namespace ProverSim.LoadTest.Ping;

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<long> PingAsync(long value) => Task.FromResult(value);
}
