// `provsim bench scenario [--provers N] [--slots N] [--json] [--out DIR]`: the standard scenario of the
// issue "Scenarios" — N provers (10,000) that each really prove their join challenge, N slots (1,000),
// on average 1.2 workloads per slot with k = 3, programs of 1,000–4,000 cycles, every proof generated
// and verified — run on the embedded silo; prints wall time, slots/s, workloads/s, prover-steps/s, peak
// memory and where the time went (proving, verifying, everything else: grain calls, allocation, VRF).
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;
using ProverSim.Scenarios.Running;
using ProverSim.Silo;

namespace ProverSim.Scenarios.Commands;

public static class BenchScenario
{
    // countdown(n) runs 3n + 2 cycles: 333 → 1,001, 666 → 2,000, 1,000 → 3,002, 1,332 → 3,998.
    private const string Template = """
        name: bench-scenario
        seed: 2026
        slots: SLOTS
        drain_slots: 200
        protocol:
          join_challenges: 1
          pow_cycles: 1000
          pow_rate: 0
          k: 3
          epoch_slots: 10
          market_candidates: 3
          jitter: 0.05
        groups:
          - name: datacenter
            count: DATACENTER
            hardware: { cpu_cores: 64, memory_gb: 256, bandwidth_mbps: 10000, speed: { uniform: [3000, 5000] } }
            stake: 20000
            job_slots: 4
          - name: home
            count: HOME
            hardware: { cpu_cores: 8, memory_gb: 32, bandwidth_mbps: 100, speed: { lognormal: { mu: 7, sigma: 0.3 } } }
            stake: { uniform: [1000, 3000] }
            job_slots: 1
            behaviour: capacity-limited
        demand:
          rate: 1.2
          start_slot: 10
          users: 100
          programs:
            - { name: c1000, file: countdown.bf, input: [333], paid_cycles: 5000, input_bytes: 1000 }
            - { name: c2000, file: countdown.bf, input: [666], paid_cycles: 5000, input_bytes: 1000 }
            - { name: c3000, file: countdown.bf, input: [1000], paid_cycles: 5000, input_bytes: 1000 }
            - { name: c4000, file: countdown.bf, input: [1332], paid_cycles: 5000, input_bytes: 1000 }
        """;

    public static Command Create()
    {
        var provers = new Option<int>("--provers") { Description = "Provers in the network (a tenth datacenter, the rest home).", DefaultValueFactory = _ => 10_000 };
        var slots = new Option<int>("--slots") { Description = "Slots to simulate.", DefaultValueFactory = _ => 1_000 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Also write the run's results folder here." };
        var command = new Command("scenario", "Run the standard scenario (every proof generated and verified) and print its speed.") { provers, slots, json, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (n, s) = (parse.GetValue(provers), parse.GetValue(slots));
            if (n < 10 || s < 20)
            {
                throw new InputError($"--provers must be at least 10 and --slots at least 20 (got {n} and {s})");
            }

            var figures = await RunAsync(n, s, parse.GetValue(output)?.FullName, parse.GetValue(json) ? null : Console.Out, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(figures));
            }

            return 0;
        });
        return command;
    }

    public static async Task<Dictionary<string, object>> RunAsync(int provers, int slots, string? output, TextWriter? log, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("provsim-bench-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "countdown.bf"), ",[.-]\n");
            var datacenter = Math.Max(1, provers / 10);
            var path = Path.Combine(folder, "bench-scenario.yaml");
            File.WriteAllText(path, Template
                .Replace("SLOTS", slots.ToString(CultureInfo.InvariantCulture))
                .Replace("DATACENTER", datacenter.ToString(CultureInfo.InvariantCulture))
                .Replace("HOME", (provers - datacenter).ToString(CultureInfo.InvariantCulture)));
            var scenario = ScenarioParser.Load(path);
            log?.WriteLine($"bench scenario: {provers:N0} provers, {slots:N0} slots, 1.2 workloads/slot, k = 3, programs of 1,000-4,000 cycles");

            using var host = await SiloSetup.StartEmbeddedAsync(cancellationToken);
            var watch = Stopwatch.StartNew();
            var progress = new Progress<Grains.Actors.Simulation.SlotReport>(r =>
            {
                if (log is not null && (r.Slot % 100 == 0 || r.Finished))
                {
                    log.WriteLine($"  slot {r.Slot}: {watch.Elapsed.TotalSeconds:0.0} s");
                }
            });
            var run = await ScenarioRunner.RunAsync(host.Client(), scenario, replication: 0, progress, cancellationToken);
            var simulated = watch.Elapsed.TotalSeconds;
            var writing = Stopwatch.StartNew();
            if (output is not null)
            {
                ResultsWriter.Write(output, run, $"bench scenario --provers {provers} --slots {slots}");
            }

            var written = writing.Elapsed.TotalSeconds;
            await host.StopAsync(CancellationToken.None);
            var wall = watch.Elapsed.TotalSeconds;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var provingCpu = run.Slots.Sum(r => r.ProvingWallMicros) / 1e6;
            var proofs = run.Slots.Sum(r => r.ProofsVerified);
            var steps = run.Slots.Sum(r => r.VmCycles);
            var figures = new Dictionary<string, object>
            {
                ["wall_s"] = Math.Round(wall, 2),
                ["provers"] = provers,
                ["slots"] = run.Slots.Length,
                ["workloads"] = run.Workloads.Length,
                ["proofs_verified"] = proofs,
                ["peak_memory_mb"] = Math.Round(peak),
                ["slots_per_s"] = Math.Round(run.Slots.Length / simulated, 2),
                ["workloads_per_s"] = Math.Round(run.Workloads.Length / simulated, 2),
                ["prover_steps_per_s"] = Math.Round(steps / simulated),
                ["proving_cpu_s"] = Math.Round(provingCpu, 1),
                ["simulate_s"] = Math.Round(simulated, 2),
                ["write_s"] = Math.Round(written, 2),
            };
            log?.WriteLine($"wall {wall:0.0} s ({simulated:0.0} s simulating, {written:0.0} s writing results), {run.Slots.Length} slots = {figures["slots_per_s"]} slots/s");
            log?.WriteLine($"{run.Workloads.Length} workloads = {figures["workloads_per_s"]} workloads/s; {steps:N0} VM cycles = {figures["prover_steps_per_s"]} prover steps/s; {proofs:N0} proofs verified");
            log?.WriteLine($"proving took {provingCpu:0.0} s of CPU over {Environment.ProcessorCount} cores ({100 * provingCpu / (simulated * Environment.ProcessorCount):0}% of the simulation's core-seconds); peak memory {peak:0} MB");
            return figures;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
