// Each declared hardware field has its test in a PoW challenge; these work one challenge through by hand
// for an honest prover and a liar on each field, and one lie small enough to pass within the slack.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class HardwareChallengeTests
{
    // Declared: 8 cores of 1,000 cycles/s, 32 GB, 1 GPU, 100 Mbps.
    private static readonly HardwareProfile Declared = new(8, 32, 1, 100, 1_000);

    private static readonly ProtocolParameters P = new() { PowCycles = 8_034, PowTransferMicros = 100_000, PowSlackMicros = 200_000 };

    // 8 lanes of n = 199: 5 · 199 + 9 = 1,004 cycles each after 2 setup cycles (2 + 8 · 1,004 = 8,034);
    // the input is 100 Mbps · 0.1 s / 8 = 1,250,000 bytes.
    private static readonly ChallengeTest Test = new(8, 1_004, 2, 1_250_000, 32, 1);

    // Due at 0.1 s of input + (2 + 1,004) cycles at 1,000 cycles/s (1.006 s) + 0.2 s of slack.
    private const long Deadline = 100_000 + 1_006_000 + 200_000;

    [Fact]
    public void TheTestFollowsTheDeclaredHardware()
    {
        Assert.Equal(8, PowChallenges.Lanes(Declared));
        Assert.Equal(1_250_000, PowChallenges.InputBytes(Declared, P));
        Assert.Equal(8_034, Test.ExactCycles);
        Assert.Equal(Deadline, PowChallenges.Deadline(0, Test, Declared, P));
    }

    [Fact]
    public void AnHonestProverFinishesBeforeTheSlack() => Assert.Equal(100_000 + 1_006_000, Finish(Declared));

    [Fact]
    public void ASpeedLiarRunsEachLaneLonger() =>
        // (2 + 1,004) cycles at 500 cycles/s: 2.012 s of compute.
        Assert.Equal(100_000 + 2_012_000, Caught(Declared with { CyclesPerSecond = 500 }));

    [Fact]
    public void ACoresLiarRunsTheLanesInWaves()
    {
        // 4 cores: two waves, 2 + 2 · 1,004 = 2,010 cycles; 7 cores still need two.
        Assert.Equal(100_000 + 2_010_000, Caught(Declared with { CpuCores = 4 }));
        Assert.Equal(100_000 + 2_010_000, Caught(Declared with { CpuCores = 7 }));

        // 3 cores: ceil(8 / 3) = 3 waves.
        Assert.Equal(100_000 + 3_014_000, Caught(Declared with { CpuCores = 3 }));
    }

    [Fact]
    public void ABandwidthLiarReceivesTheInputLate() =>
        // 1,250,000 bytes at 10 Mbps: 1 s instead of 0.1 s.
        Assert.Equal(1_000_000 + 1_006_000, Caught(Declared with { BandwidthMbps = 10 }));

    [Fact]
    public void AMemoryOrGpuLiarCannotAnswer()
    {
        Assert.False(Test.CanRunOn(Declared with { MemoryGb = 16 }));
        Assert.False(Test.CanRunOn(Declared with { Gpus = 0 }));
        Assert.True(Test.CanRunOn(Declared with { MemoryGb = 64, Gpus = 2 }));
    }

    [Fact]
    public void ASmallSpeedLieWithinTheSlackIsNotCaught()
    {
        // At 850 cycles/s: ceil(1,006 · 10^6 / 850) = 1,183,530 µs, 177,530 µs late, inside the 200,000 µs slack.
        var finish = Finish(Declared with { CyclesPerSecond = 850 });
        Assert.Equal(100_000 + 1_183_530, finish);
        Assert.True(PowChallenges.Passes(true, finish, Deadline));
    }

    [Fact]
    public void MoreHardwareThanDeclaredPasses() =>
        Assert.True(PowChallenges.Passes(true, Finish(new HardwareProfile(64, 256, 4, 10_000, 2_000)), Deadline));

    private static long Finish(HardwareProfile actual)
    {
        Assert.True(Test.CanRunOn(actual));
        return Test.TransferMicros(actual) + Test.ComputeMicros(actual);
    }

    private static long Caught(HardwareProfile actual)
    {
        var finish = Finish(actual);
        Assert.False(PowChallenges.Passes(true, finish, Deadline), $"finished at {finish}, due at {Deadline}");
        return finish;
    }
}
