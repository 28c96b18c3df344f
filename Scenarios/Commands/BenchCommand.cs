// `provsim bench kernel [--json]`: the proving kernel's speed on this machine (issue "Real proving
// kernel"): NTT of 2^20 on one thread, Merkle hashing, cycles proven per second on a 2^16-row run, the
// fixed cost of a 2^10-row proof, verification time, proof size, security, peak memory.
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Merkle;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Scenarios.Commands;

public static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var kernel = new Command("kernel", "Measure the proving kernel: NTT, Merkle hashing, proving, verifying.") { json };
        kernel.SetAction(parse =>
        {
            var figures = Kernel(parse.GetValue(json) ? null : Console.Out);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(figures));
            }

            return 0;
        });
        return new Command("bench", "Benchmarks that print figures for BENCHMARKS.md.") { kernel, BenchScenario.Create() };
    }

    public static Dictionary<string, object> Kernel(TextWriter? log)
    {
        var random = new Random(1);
        ulong[] Vector(int n) => [.. Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64() % Grains.Proving.Field.Goldilocks.P)];

        var ntt = Median(5, () => Vector(1 << 20), v => Grains.Proving.Ntt.Ntt.Forward(v));
        log?.WriteLine($"NTT 2^20, one thread: {ntt:0.0} ms");

        var leaves = new byte[(1 << 20) * 128];
        random.NextBytes(leaves);
        var merkle = Median(3, () => leaves, l => MerkleTree.Build(l, 128));
        var hashesPerSecond = ((1 << 21) - 1) / (merkle / 1000);
        log?.WriteLine($"Merkle tree of 2^20 leaves of 128 B: {merkle:0} ms, {hashesPerSecond / 1e6:0.00} M hashes/s");

        // countdown(n) runs 3n + 2 cycles: n = 21844 gives 65 534 cycles (height 2^16), n = 340 gives 1 022 (2^10).
        var program = Assembler.Assemble(",[.-]");
        var (run, statement, proof) = StarkProver.Prove(program, [21_844], 1L << 20, 1, 1);
        var prove = Median(3, () => 0, _ => StarkProver.Prove(program, [21_844], 1L << 20, 1, 1));
        var cyclesPerSecond = run.Cycles / (prove / 1000);
        log?.WriteLine($"prove {run.Cycles} cycles (height 2^16): {prove:0} ms = {cyclesPerSecond:0} cycles/s on {Environment.ProcessorCount} cores");

        var verify = Median(5, () => 0, _ => StarkVerifier.Verify(statement!, proof!));
        log?.WriteLine($"verify: {verify:0.00} ms; proof {proof!.Length} bytes at {StarkOptions.Default.SecurityBits} bits");

        var small = Median(10, () => 0, _ => StarkProver.Prove(program, [340], 1L << 20, 1, 1));
        log?.WriteLine($"prove 1022 cycles (height 2^10): {small:0.0} ms");
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        log?.WriteLine($"peak memory: {peak:0} MB");

        return new Dictionary<string, object>
        {
            ["ntt_2p20_ms"] = Math.Round(ntt, 2),
            ["merkle_hashes_per_s"] = Math.Round(hashesPerSecond),
            ["prove_cycles_per_s"] = Math.Round(cyclesPerSecond),
            ["verify_ms"] = Math.Round(verify, 3),
            ["proof_bytes"] = proof!.Length,
            ["security_bits"] = StarkOptions.Default.SecurityBits,
            ["trace_cycles"] = run.Cycles,
            ["small_proof_ms"] = Math.Round(small, 2),
            ["peak_memory_mb"] = Math.Round(peak),
        };
    }

    // Median wall time in ms of `repetitions` runs after one warm-up; each run gets fresh input.
    private static double Median<T>(int repetitions, Func<T> input, Action<T> work)
    {
        work(input());
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var value = input();
            var watch = Stopwatch.StartNew();
            work(value);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
