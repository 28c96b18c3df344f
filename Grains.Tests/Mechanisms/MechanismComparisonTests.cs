// `provsim run` with mechanisms: each run's trace is the engine's own (the same workload ids, arrival
// times, programs and VRF outputs as its workloads.csv), every mechanism consumed the identical trace,
// the model's vrf-tiered agrees with the engine on the same runs,
// the comparison's files are the same bytes when made again, and a bad --mechanisms is refused before
// anything runs.
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Tests.Scenarios;
using ProverSim.Scenarios.Experiments;

namespace ProverSim.Grains.Tests.Mechanisms;

public sealed class MechanismComparisonTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private const string Scenario = """
        name: compare
        seed: 7
        slots: 16
        drain_slots: 40
        replications: 2
        mechanisms: [vrf-tiered, vrf-single-fallback, reverse-auction, ramp-and-lock, proportional-lottery]
        protocol: { epoch_slots: 5, k: 2, tiers: [0.7, 0.3], jitter: 0.05 }
        groups:
          - { name: fast, count: 3, hardware: { speed: 4000 }, job_slots: 2 }
          - { name: home, count: 4, hardware: { speed: 1000 }, behaviour: capacity-limited }
          - { name: hunters, count: 2, hardware: { speed: 2000 }, behaviour: market-hunter, cost: { hardware: 4 } }
          - { name: copiers, count: 1, hardware: { speed: 2000 }, behaviour: copier }
        demand:
          rate: 2
          start_slot: 5
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [100], paid_cycles: 400 }
            - { name: runaway, file: ../programs/forever.bf, paid_cycles: 300, weight: 0.3 }
        """;

    [Fact]
    public void EachRunsTraceIsTheEnginesAndEveryMechanismReplaysIt()
    {
        var file = _files.Write("compare.yaml", Scenario);
        var results = _files.Results("compare");
        var (code, _, stderr) = ProvsimProcess.Run("run", file, "--out", results, "--quiet");
        Assert.True(code == 0, stderr);

        var rows = ScenarioHarness.Rows(results, MechanismComparison.File);
        Assert.Equal(2 * MechanismCatalog.All.Length, rows.Count);
        foreach (var run in rows.GroupBy(r => r["run_id"]))
        {
            Assert.Equal(MechanismCatalog.Names, run.Select(r => r["mechanism"]));
            Assert.Single(run.Select(r => r["trace_sha256"]).Distinct());

            // The engine's workloads are the trace's: ids, slots, arrival times, programs and VRF outputs.
            var plan = ExperimentPlan.Load(file);
            var planned = plan.Runs.Single(r => r.RunId == run.Key);
            var trace = planned.Scenario.Trace(planned.RunId, planned.Replication);
            var engine = ScenarioHarness.Rows(Path.Combine(results, "runs", run.Key), "workloads.csv").OrderBy(w => long.Parse(w["workload_id"])).ToList();
            Assert.Equal(
                engine.Select(w => (long.Parse(w["workload_id"]), long.Parse(w["slot"]), long.Parse(w["arrival_us"]), w["program"], w["vrf_beta"])),
                trace.Workloads.Select(w => (w.WorkloadId, w.Slot, w.ArrivalMicros, planned.Scenario.Demand.Programs[w.ProgramIndex].Name, Convert.ToHexStringLower(w.Beta))));
            Assert.All(run, r => Assert.Equal(engine.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), r["workloads"]));
        }

        Assert.NotEqual(rows[0]["trace_sha256"], rows[^1]["trace_sha256"]);

        // The model's vrf-tiered against the engine on the same runs: the same workloads complete and fail,
        // and the rewards minted agree within 1% (the model neither runs challenges on the job slots nor
        // lets copiers repost; its jitter has streams of its own). Here they agree exactly; a model that
        // paid proofs posted after the close (the k-th proof, market losers' included) was 1.6% over.
        foreach (var engine in ScenarioHarness.Rows(results, "runs.csv"))
        {
            var model = rows.Single(r => r["run_id"] == engine["run_id"] && r["mechanism"] == "vrf-tiered");
            Assert.Equal((engine["completed"], engine["failed"]), (model["completed"], model["failed"]));
            var (minted, paid) = (double.Parse(model["minted"], System.Globalization.CultureInfo.InvariantCulture), double.Parse(engine["tier_rewards"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(minted, 0.99 * paid, 1.01 * paid);
        }
        Assert.Contains("net_per_prover_copier", rows[0].Keys);
        Assert.All(rows, r => Assert.True(double.Parse(r["net_per_prover_copier"], System.Globalization.CultureInfo.InvariantCulture) <= 10 * 16, $"a copier earned more than challenge rewards under {r["mechanism"]}"));

        var page = File.ReadAllText(Path.Combine(results, "mechanisms.html"));
        Assert.Contains("Trace check: in 2 of 2 runs every mechanism consumed the identical trace", page);
        Assert.Contains("The model beside the engine (the same runs, under the engine&#39;s mechanism)", page);
        Assert.Contains("<td class=\"text\">vrf-tiered</td>", page);
        Assert.All(MechanismCatalog.Names, name => Assert.Contains($"<th>{name}</th>", page));

        // Made again, the comparison is the same bytes.
        var again = Path.Combine(_files.Directory, "again");
        var replan = ExperimentPlan.Load(file);
        MechanismComparison.Write(replan, replan.Runs, replan.Runs[0].Scenario.Mechanisms, again);
        Assert.Equal(File.ReadAllBytes(Path.Combine(results, MechanismComparison.File)), File.ReadAllBytes(Path.Combine(again, MechanismComparison.File)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(results, MechanismComparison.ProversFile)), File.ReadAllBytes(Path.Combine(again, MechanismComparison.ProversFile)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(results, MechanismComparison.WorkloadsFile)), File.ReadAllBytes(Path.Combine(again, MechanismComparison.WorkloadsFile)));
    }

    [Fact]
    public void AnUnknownMechanismOnTheCommandLineIsRefusedBeforeTheRun()
    {
        var results = _files.Results("refused");
        var (code, _, stderr) = ProvsimProcess.Run("run", _files.Write("compare.yaml", Scenario), "--out", results, "--mechanisms", "vrf-tiered,dutch-auction");
        Assert.NotEqual(0, code);
        Assert.Contains("--mechanisms: unknown mechanism 'dutch-auction'; allowed: vrf-tiered, vrf-single-fallback, reverse-auction, ramp-and-lock, proportional-lottery", stderr);
        Assert.False(Directory.Exists(results));
    }

    // The benchmark replays the first run's trace under each listed mechanism and says how many workloads it held.
    [Fact]
    public void TheMechanismBenchmarkReplaysTheFirstRunUnderEachMechanism()
    {
        var file = _files.Write("compare.yaml", Scenario);
        var (code, stdout, stderr) = ProvsimProcess.Run("bench", "mechanisms", file, "--json");
        Assert.True(code == 0, stderr);
        var figures = System.Text.Json.Nodes.JsonNode.Parse(stdout)!;
        var plan = ExperimentPlan.Load(file);
        var trace = plan.Runs[0].Scenario.Trace(plan.Runs[0].RunId, 0);
        Assert.Equal(trace.Workloads.Length, (int)figures["workloads"]!);
        Assert.Equal(MechanismCatalog.Names, figures["replay_s"]!.AsObject().Select(p => p.Key));
        Assert.True((double)figures["trace_s"]! > 0);
    }

    [Fact]
    public void ASweptEngineMechanismHasAColumnOfItsOwn()
    {
        var plan = ExperimentPlan.Load(_files.Write("swept.yaml", Scenario + "\nsweep:\n  keys:\n    mechanism: [vrf-tiered, proportional-lottery]\n"));
        var header = MechanismComparison.Header(plan);

        Assert.Equal(["vrf-tiered", "proportional-lottery"], plan.Runs.Select(r => MechanismCatalog.Name(r.Scenario.Mechanism)).Distinct());
        Assert.Single(header, c => c == "mechanism");
        Assert.Equal(2, header.ToList().IndexOf("sweep.mechanism"));
        Assert.Equal(header.Count, header.Distinct().Count());
    }

    public void Dispose() => _files.Dispose();
}
