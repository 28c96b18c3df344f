// `provsim bench scenario [--provers N] [--slots N] [--mechanism NAME] [--json] [--out DIR]`: the standard scenario —
// N provers (10,000) that each really prove their join challenge, N slots (1,000),
// on average 1.2 workloads per slot with k = 3, programs of 1,000–4,000 cycles, every proof generated
// and verified — run on the embedded silo; prints wall time, slots/s, workloads/s, prover-steps/s, peak
// memory, where the time went (proving, everything else), the mean wall time of an idle slot and how
// much of the machine's cores the process used, overall and in the join-challenge slot.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProverSim.Grains.Actors.Simulation;
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
        mechanism: MECHANISM
        slots: SLOTS
        drain_slots: 200
        protocol:
          join_challenges: JOINS
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
          rate: RATE
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
        var joins = new Option<int>("--join-challenges")
        {
            Description = "Join challenges each prover proves (1; 0 measures the engine alone at populations whose join proofs would take too long).",
            DefaultValueFactory = _ => 1,
        };
        var rate = new Option<double>("--rate")
        {
            Description = "Workloads per slot (1.2; 0 leaves every slot after the joins idle, to measure what an idle slot costs).",
            DefaultValueFactory = _ => 1.2,
        };
        var slots = new Option<int>("--slots") { Description = "Slots to simulate.", DefaultValueFactory = _ => 1_000 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Also write the run's results folder here." };
        var cluster = new Option<string?>("--cluster") { Description = $"Run it on a running cluster instead of an embedded silo: {Silo.ClusterAddress.Forms}." };
        var clusterId = new Option<string>("--cluster-id") { Description = "The cluster's name in its store.", DefaultValueFactory = _ => ClusterConnection.DefaultClusterId };
        var mechanism = new Option<string>("--mechanism")
        {
            Description = $"The mechanism the engine runs: {string.Join(", ", Grains.Mechanisms.MechanismCatalog.Names)}.",
            DefaultValueFactory = _ => "vrf-tiered",
        };
        var command = new Command("scenario", "Run the standard scenario (every proof generated and verified) and print its speed.\nExample: provsim bench scenario --provers 1000 --slots 200 --json")
        {
            provers, slots, joins, rate, mechanism, json, output, cluster, clusterId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (n, s) = (parse.GetValue(provers), parse.GetValue(slots));
            if (n < 10 || s < 20)
            {
                throw new InputError($"--provers must be at least 10 and --slots at least 20 (got {n} and {s})");
            }

            var j = parse.GetValue(joins);
            if (j is < 0 or > 100)
            {
                throw new InputError($"--join-challenges must be between 0 and 100 (got {j})");
            }

            var r = parse.GetValue(rate);
            if (r is < 0 or > 1_000 || double.IsNaN(r))
            {
                throw new InputError($"--rate must be between 0 and 1000 workloads per slot (got {r})");
            }

            var name = parse.GetValue(mechanism)!;
            if (Grains.Mechanisms.MechanismCatalog.Parse(name) is null)
            {
                throw new InputError($"--mechanism: unknown mechanism '{name}'; allowed: {string.Join(", ", Grains.Mechanisms.MechanismCatalog.Names)}");
            }

            var address = parse.GetValue(cluster) is { } text ? ClusterConnection.Parse(text) : null;
            var figures = await RunAsync(n, s, parse.GetValue(output)?.FullName, parse.GetValue(json) ? null : Console.Out, cancellationToken, j, r, address, parse.GetValue(clusterId)!, name);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(figures));
            }

            return 0;
        });
        return command;
    }

    public static async Task<Dictionary<string, object>> RunAsync(
        int provers, int slots, string? output, TextWriter? log, CancellationToken cancellationToken, int joinChallenges = 1, double rate = 1.2,
        Silo.ClusterAddress? cluster = null, string clusterId = ClusterConnection.DefaultClusterId, string mechanism = "vrf-tiered")
    {
        var folder = Directory.CreateTempSubdirectory("provsim-bench-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "countdown.bf"), ",[.-]\n");
            var datacenter = Math.Max(1, provers / 10);
            var path = Path.Combine(folder, "bench-scenario.yaml");
            File.WriteAllText(path, Template
                .Replace("MECHANISM", mechanism)
                .Replace("SLOTS", slots.ToString(CultureInfo.InvariantCulture))
                .Replace("JOINS", joinChallenges.ToString(CultureInfo.InvariantCulture))
                .Replace("RATE", rate.ToString(CultureInfo.InvariantCulture))
                .Replace("DATACENTER", datacenter.ToString(CultureInfo.InvariantCulture))
                .Replace("HOME", (provers - datacenter).ToString(CultureInfo.InvariantCulture)));
            var scenario = ScenarioParser.Load(path);
            log?.WriteLine($"bench scenario: {provers:N0} provers ({joinChallenges} join challenge(s) each), {slots:N0} slots, {rate} workloads/slot, k = 3, programs of 1,000-4,000 cycles, {mechanism}");

            var (host, settings) = await ClusterConnection.StartAsync(cluster, clusterId, cancellationToken);
            using var hosted = host;
            var timing = new SlotTiming(log);
            var run = await ScenarioRunner.RunAsync(
                host.Client(), scenario, replication: 0, output ?? Path.Combine(folder, "results"), $"bench scenario --provers {provers} --slots {slots}", RunLabel.Single, timing, cancellationToken, settings);
            var simulated = timing.Elapsed.TotalSeconds;
            await host.StopAsync(CancellationToken.None);
            var wall = timing.Elapsed.TotalSeconds;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var t = run.Totals;
            var provingCpu = t.ProvingWallMicros / 1e6;
            var figures = new Dictionary<string, object>
            {
                ["wall_s"] = Math.Round(wall, 2),
                ["provers"] = provers,
                ["join_challenges"] = joinChallenges,
                ["rate"] = rate,
                ["mechanism"] = mechanism,
                ["slots"] = t.SlotsRun,
                ["workloads"] = t.Workloads,
                ["proofs_verified"] = t.ProofsVerified,
                ["peak_memory_mb"] = Math.Round(peak),
                ["slots_per_s"] = Math.Round(t.SlotsRun / simulated, 2),
                ["workloads_per_s"] = Math.Round(t.Workloads / simulated, 2),
                ["prover_steps_per_s"] = Math.Round(t.VmCycles / simulated),
                ["proving_cpu_s"] = Math.Round(provingCpu, 1),
                ["simulate_s"] = Math.Round(simulated, 2),
                ["join_slot_s"] = Math.Round(timing.JoinSlot.TotalSeconds, 2),
                ["join_slot_cpu_utilisation"] = Math.Round(timing.JoinSlotCpu.TotalSeconds / Math.Max(timing.JoinSlot.TotalSeconds, 1e-9) / Environment.ProcessorCount, 3),
                ["idle_slots"] = timing.IdleSlots.Count,
                ["idle_slot_ms"] = Math.Round(Mean(timing.IdleSlots), 3),
                ["idle_slot_ms_first_100"] = Math.Round(Mean(timing.IdleSlots.Take(100)), 3),
                ["idle_slot_ms_last_100"] = Math.Round(Mean(timing.IdleSlots.TakeLast(100)), 3),
                ["cpu_utilisation"] = Math.Round(timing.Cpu.TotalSeconds / Math.Max(simulated, 1e-9) / Environment.ProcessorCount, 3),
                ["processors"] = Environment.ProcessorCount,
                ["cluster"] = settings.Cluster,
                ["cpu_figures"] = cluster is null ? "this process (the embedded silo)" : "this client process only: the silos are other processes",
            };
            log?.WriteLine($"wall {wall:0.0} s, {t.SlotsRun} slots = {figures["slots_per_s"]} slots/s; slot 0 (join challenges) {timing.JoinSlot.TotalSeconds:0.0} s at {figures["join_slot_cpu_utilisation"]} of {Environment.ProcessorCount} cores");
            log?.WriteLine($"{t.Workloads} workloads = {figures["workloads_per_s"]} workloads/s; {t.VmCycles:N0} VM cycles = {figures["prover_steps_per_s"]} prover steps/s; {t.ProofsVerified:N0} proofs verified");
            log?.WriteLine($"idle slots: {timing.IdleSlots.Count}, {figures["idle_slot_ms"]} ms each (first 100: {figures["idle_slot_ms_first_100"]} ms, last 100: {figures["idle_slot_ms_last_100"]} ms)");
            log?.WriteLine($"proving took {provingCpu:0.0} s of CPU; the process used {figures["cpu_utilisation"]} of {Environment.ProcessorCount} cores; peak memory {peak:0} MB");
            return figures;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : list.Average();
    }

    // Called by the runner as each slot completes (synchronously, unlike Progress<T>): each slot's wall
    // time and the process's CPU time over it. An idle slot is one with no arrivals, no challenges issued
    // or judged, nothing settled and no workload in flight before or after it.
    private sealed class SlotTiming(TextWriter? log) : IProgress<SlotReport>
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        private TimeSpan _last;
        private TimeSpan _lastCpu;
        private int _pendingBefore;

        public List<double> IdleSlots { get; } = [];

        public TimeSpan JoinSlot { get; private set; }

        public TimeSpan JoinSlotCpu { get; private set; }

        public TimeSpan Elapsed => _watch.Elapsed;

        public TimeSpan Cpu => Process.GetCurrentProcess().TotalProcessorTime - _cpuStart;

        public void Report(SlotReport r)
        {
            var now = _watch.Elapsed;
            var cpu = Cpu;
            if (r.Slot == 0)
            {
                JoinSlot = now - _last;
                JoinSlotCpu = cpu - _lastCpu;
            }
            else if (r is { Arrivals: 0, ChallengesIssued: 0, ChallengesPassed: 0, ChallengesMissed: 0, PendingWorkloads: 0, Completed: 0, Failed: 0, Unserved: 0 } && _pendingBefore == 0)
            {
                IdleSlots.Add((now - _last).TotalMilliseconds);
            }

            _pendingBefore = r.PendingWorkloads;
            (_last, _lastCpu) = (now, cpu);
            if (log is not null && (r.Slot % 100 == 0 || r.Finished))
            {
                log.WriteLine($"  slot {r.Slot}: {now.TotalSeconds:0.0} s");
            }
        }
    }
}
