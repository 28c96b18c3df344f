// The benchmark entry points run and report plausible figures at small sizes (timings themselves
// are measured in Release, see Grains/Proving/README.md).
using ProverSim.Grains.Proving;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class KernelBenchmarksTests
{
    [Fact]
    public void NttTimingIsPositive() => Assert.InRange(KernelBenchmarks.NttMilliseconds(10, 3), 0.0, 1000.0);

    [Fact]
    public void MerkleRateIsPositive() => Assert.True(KernelBenchmarks.MerkleHashesPerSecond(1 << 10, 32) > 0);
}
