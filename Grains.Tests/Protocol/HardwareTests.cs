// Hardware matching and modelled durations (DESIGN.md §1 "Active prover set", §2 "Real work, modelled
// duration"): each requirement field at, below and above its bound; transfer at 1 Mbps = 1 bit/µs and
// compute time, both rounded up.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class HardwareTests
{
    private static readonly HardwareRequirement Requirement = new(4, 16, 1, 100, 1_000_000);

    private static HardwareProfile AtBound() => new(4, 16, 1, 100, 1_000_000);

    [Fact]
    public void ProfileExactlyAtEveryBoundMeetsTheRequirement() =>
        Assert.True(Requirement.IsMetBy(AtBound()));

    [Theory]
    [InlineData("cpu", -1, false)]
    [InlineData("cpu", 1, true)]
    [InlineData("memory", -1, false)]
    [InlineData("memory", 1, true)]
    [InlineData("gpus", -1, false)]
    [InlineData("gpus", 1, true)]
    [InlineData("bandwidth", -1, false)]
    [InlineData("bandwidth", 1, true)]
    [InlineData("speed", -1, false)]
    [InlineData("speed", 1, true)]
    public void EachFieldBelowItsBoundFailsAndAboveItPasses(string field, int delta, bool met)
    {
        var at = AtBound();
        var profile = field switch
        {
            "cpu" => at with { CpuCores = at.CpuCores + delta },
            "memory" => at with { MemoryGb = at.MemoryGb + delta },
            "gpus" => at with { Gpus = at.Gpus + delta },
            "bandwidth" => at with { BandwidthMbps = at.BandwidthMbps + delta },
            "speed" => at with { CyclesPerSecond = at.CyclesPerSecond + delta },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.Equal(met, Requirement.IsMetBy(profile));
    }

    [Fact]
    public void NoneIsMetByTheSmallestProfile()
    {
        Assert.True(HardwareRequirement.None.IsMetBy(new HardwareProfile(0, 0, 0, 0, 0)));
        Assert.True(HardwareRequirement.None.IsMetBy(new HardwareProfile(1, 1, 0, 1, 1)));
        Assert.True(HardwareRequirement.None.IsMetBy(AtBound()));
    }

    [Theory]
    [InlineData(1, 1, 8)]              // one byte = 8 bits at 1 bit/µs
    [InlineData(1, 3, 3)]              // 8/3 = 2.67 → 3
    [InlineData(1, 8, 1)]
    [InlineData(1, 9, 1)]              // 8/9 → 1, never 0 for a non-empty input
    [InlineData(1_000, 100, 80)]
    [InlineData(1_001, 100, 81)]       // 80.08 → 81
    [InlineData(125_000, 1, 1_000_000)] // 1 Mbit at 1 Mbps = 1 s
    [InlineData(0, 100, 0)]
    [InlineData(0, 1, 0)]
    public void TransferMicrosIsBitsOverMbpsRoundedUp(long bytes, long mbps, long expected) =>
        Assert.Equal(expected, new HardwareProfile(1, 1, 0, mbps, 1).TransferMicros(bytes));

    [Theory]
    [InlineData(2_000, 1_000_000, 2_000)]
    [InlineData(1, 3, 333_334)]          // 10^6/3 = 333 333.3 → 333 334
    [InlineData(3, 3, 1_000_000)]
    [InlineData(1, 1_000_000, 1)]
    [InlineData(1, 2_000_000, 1)]        // half a µs rounds up to 1
    [InlineData(0, 7, 0)]
    [InlineData(4_294_967_296, 1, 4_294_967_296_000_000)] // 2^32 cycles at 1 cycle/s
    [InlineData(100_000_000_000_000, 1_000_000_000, 100_000_000_000)] // cycles·10^6 = 10^20 > long.MaxValue
    public void ComputeMicrosIsCeilOfCyclesTimesAMillionOverSpeed(long cycles, long speed, long expected) =>
        Assert.Equal(expected, new HardwareProfile(1, 1, 0, 1, speed).ComputeMicros(cycles));
}
