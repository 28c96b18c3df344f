// The hardware a prover declares when it joins (DESIGN.md §1 "Active prover set") and the
// requirements a workload names; allocation only considers members whose declared hardware matches.
namespace ProverSim.Grains.Protocol;

/// <summary>A prover's hardware. Bandwidth in megabits per second, speed in VM cycles per second.</summary>
public sealed record HardwareProfile(int CpuCores, int MemoryGb, int Gpus, long BandwidthMbps, long CyclesPerSecond)
{
    /// <summary>Virtual microseconds needed to receive <paramref name="bytes"/> of input (1 Mbps = 1 bit/µs).</summary>
    public long TransferMicros(long bytes) => bytes == 0 ? 0 : CeilDiv(bytes * 8, BandwidthMbps);

    /// <summary>Virtual microseconds needed to execute <paramref name="cycles"/> VM cycles.</summary>
    public long ComputeMicros(long cycles) => (long)CeilDiv((Int128)cycles * 1_000_000, CyclesPerSecond);

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private static Int128 CeilDiv(Int128 a, long b) => (a + b - 1) / b;
}

/// <summary>The minimum hardware a workload needs; zero means "any".</summary>
public sealed record HardwareRequirement(int MinCpuCores, int MinMemoryGb, int MinGpus, long MinBandwidthMbps, long MinCyclesPerSecond)
{
    public static readonly HardwareRequirement None = new(0, 0, 0, 0, 0);

    public bool IsMetBy(HardwareProfile hardware) =>
        hardware.CpuCores >= MinCpuCores
        && hardware.MemoryGb >= MinMemoryGb
        && hardware.Gpus >= MinGpus
        && hardware.BandwidthMbps >= MinBandwidthMbps
        && hardware.CyclesPerSecond >= MinCyclesPerSecond;
}
