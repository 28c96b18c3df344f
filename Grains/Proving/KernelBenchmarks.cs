// Timings of the proving kernels on this machine (KERNEL.md §7), for the command line's benchmark
// verb. Inputs come from fixed seeds; every figure is taken after a warm-up run.
using System.Diagnostics;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Merkle;
using NttKernel = ProverSim.Grains.Proving.Ntt.Ntt;

namespace ProverSim.Grains.Proving;

public static class KernelBenchmarks
{
    /// <summary>Median wall time of one single-threaded forward NTT of 2^log2n elements (natural order in and out, bit reversal included).</summary>
    public static double NttMilliseconds(int log2n, int repetitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(log2n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(log2n, NttKernel.MaxLog2Size);
        var random = new Random(log2n);
        var input = new ulong[1 << log2n];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = Goldilocks.Reduce((ulong)random.NextInt64());
        }

        var values = new ulong[input.Length];
        var times = new double[repetitions];
        for (var run = -2; run < repetitions; run++)
        {
            input.CopyTo(values, 0);
            var start = Stopwatch.GetTimestamp();
            NttKernel.Forward(values);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (run >= 0)
            {
                times[run] = elapsed;
            }
        }

        Array.Sort(times);
        return times[repetitions / 2];
    }

    /// <summary>
    /// Hashes per second (leaves + nodes = 2·leaves − 1) building a Merkle tree of random leaves on all
    /// cores: the median of 3 builds after one warm-up build, each disposed so the next reuses its memory.
    /// </summary>
    public static double MerkleHashesPerSecond(int leaves, int leafSize)
    {
        var data = new byte[(long)leaves * leafSize];
        new Random(leaves ^ leafSize).NextBytes(data);
        var times = new double[3];
        for (var run = -1; run < times.Length; run++)
        {
            var start = Stopwatch.GetTimestamp();
            using var tree = MerkleTree.Build(data, leafSize);
            if (run >= 0)
            {
                times[run] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }

        Array.Sort(times);
        return (2.0 * leaves - 1) / times[1];
    }
}
