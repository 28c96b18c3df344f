// Replications and sweeps: a 2×2 grid × 3 replications is 12 runs whose manifests
// list exactly their parameters and whose CSV rows carry them; zip and random sweeps; sweep values are
// validated like the file itself; the same experiment twice gives byte-identical CSVs; cancelling
// leaves the finished runs complete and marks the rest "not run".
using System.Text.Json.Nodes;
using ProverSim.Scenarios.Experiments;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Running;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class ExperimentTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private const string Tiny = """
        name: tiny
        seed: 5
        slots: 3
        drain_slots: 10
        SWEEP
        protocol:
          join_challenges: 0
          pow_rate: 0
          k: 2
          tiers: [0.7, 0.3]
          epoch_slots: 1
          jitter: 0.05
        groups:
          - name: a
            count: 2
            hardware: { speed: 1000 }
            stake: 1000
          - name: b
            count: 2
            hardware: { speed: 2000 }
            stake: 1000
        demand:
          process: constant
          rate: 1
          start_slot: 1
          users: 1
          programs:
            - name: countdown
              file: ../programs/countdown.bf
              input: [10]
              paid_cycles: 100
        """;

    private string File(string name, string sweep) => _files.Write(name, Tiny.Replace("SWEEP", sweep));

    private const string Grid = """
        replications: 3
        sweep:
          mode: grid
          keys:
            protocol.reward: [500, 1000]
            groups.b.count: [1, 3]
        """;

    [Fact]
    public void GridTimesReplicationsExpandsInOrderWithTheirValues()
    {
        var plan = ExperimentPlan.Load(File("grid.yaml", Grid));

        Assert.Equal(12, plan.Runs.Count);
        Assert.Equal(["p00-r0", "p00-r1", "p00-r2", "p01-r0"], plan.Runs.Take(4).Select(r => r.RunId));
        Assert.Equal(["protocol.reward", "groups.b.count"], plan.Keys);
        var last = plan.Runs[^1];
        Assert.Equal(("p03-r2", 2), (last.RunId, last.Replication));
        Assert.Equal((1000L, 3), (last.Scenario.Parameters.Reward, last.Scenario.Groups[1].Count));
        Assert.Equal((500L, 1), (plan.Runs[0].Scenario.Parameters.Reward, plan.Runs[0].Scenario.Groups[1].Count));
        Assert.Equal("""{"protocol.reward":1000,"groups.b.count":3}""", new JsonObject(last.Parameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());
    }

    [Fact]
    public void ZipAndRandomSweeps()
    {
        var zip = ExperimentPlan.Load(File("zip.yaml", "sweep:\n  mode: zip\n  keys:\n    protocol.k: [1, 2, 3]\n    protocol.tiers: [[1.0], [0.5, 0.5], [0.6, 0.25, 0.15]]\n    \"groups[0].count\": [4, 5, 6]"));
        Assert.Equal([(1, 4), (2, 5), (3, 6)], zip.Runs.Select(r => (r.Scenario.Parameters.K, r.Scenario.Groups[0].Count)));
        Assert.Equal(3, zip.Runs[2].Scenario.Parameters.TiersPpm.Length);

        var text = "sweep:\n  mode: random\n  samples: 5\n  keys:\n    protocol.reward: { integer: [500, 600] }\n    protocol.jitter: { uniform: [0.01, 0.1] }";
        var first = ExperimentPlan.Load(File("random.yaml", text));
        var again = ExperimentPlan.Load(File("random2.yaml", text));
        Assert.Equal(5, first.Runs.Count);
        Assert.All(first.Runs, r => Assert.InRange(r.Scenario.Parameters.Reward, 500, 600));
        Assert.All(first.Runs, r => Assert.InRange(r.Scenario.Parameters.JitterPpm, 10_000, 100_000));
        Assert.Equal(first.Runs.Select(r => r.Scenario.Parameters.JitterPpm), again.Runs.Select(r => r.Scenario.Parameters.JitterPpm));
        Assert.True(first.Runs.Select(r => r.Scenario.Parameters.JitterPpm).Distinct().Count() > 1);
    }

    [Theory]
    [InlineData("sweep:\n  keys:\n    protocol.kk: [1, 2]", "protocol.kk: unknown key; did you mean 'k'?")]
    [InlineData("sweep:\n  keys:\n    protocol.reward: [1000, -2]", "(sweep point 1: protocol.reward = -2)")]
    [InlineData("sweep:\n  keys:\n    groups.c.count: [1]", "groups.c: no list element 'c' (by name: a, b; or [0]..[1])")]
    [InlineData("sweep:\n  mode: zip\n  keys:\n    protocol.k: [1, 2]\n    demand.rate: [1]", "zip needs lists of equal length")]
    [InlineData("sweep:\n  mode: diagonal\n  keys:\n    protocol.k: [1]", "sweep.mode")]
    [InlineData("replications: 0", "replications")]
    public void BadSweepsAreOneClearError(string sweep, string expected)
    {
        var error = Assert.Throws<ScenarioError>(() => ExperimentPlan.Load(File("bad.yaml", sweep)));
        Assert.Contains(expected, error.Message);
        Assert.Contains("bad.yaml:", error.Message);
    }

    [Fact]
    public async Task TwelveRunsWriteFoldersWhoseManifestsListExactlyTheirParameters()
    {
        var plan = ExperimentPlan.Load(File("grid.yaml", Grid));
        var results = _files.Results("grid");

        var outcome = await ExperimentRunner.RunAsync(fixture.Client, plan, results, "test");

        Assert.False(outcome.Interrupted);
        Assert.Equal(12, Directory.GetDirectories(Path.Combine(results, "runs")).Length);
        foreach (var run in plan.Runs)
        {
            var folder = Path.Combine(results, "runs", run.RunId);
            var manifest = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
            var parameters = manifest["parameters"]!.AsObject();
            Assert.Equal(["protocol.reward", "groups.b.count"], parameters.Select(p => p.Key));
            Assert.Equal(run.Scenario.Parameters.Reward, (long)parameters["protocol.reward"]!);
            Assert.Equal(run.Scenario.Groups[1].Count, (int)parameters["groups.b.count"]!);
            Assert.Equal((run.RunId, run.Replication), ((string)manifest["run_id"]!, (int)manifest["replication"]!));
            var provers = ScenarioHarness.Rows(folder, "provers.csv");
            Assert.Equal(2 + run.Scenario.Groups[1].Count, provers.Count);
            Assert.All(provers, p => Assert.Equal((run.RunId, $"{run.Scenario.Parameters.Reward}"), (p["run_id"], p["protocol.reward"])));
        }

        var experiment = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(results, "experiment.json")))!;
        Assert.Equal(12, experiment["runs"]!.AsArray().Count(r => (string)r!["status"]! == "complete"));
        Assert.Equal(13, System.IO.File.ReadAllLines(Path.Combine(results, "runs.csv")).Length);

        // The same experiment again: every CSV byte-identical.
        var again = _files.Results("grid-again");
        await ExperimentRunner.RunAsync(fixture.Client, plan, again, "test");
        foreach (var csv in Directory.GetFiles(results, "*.csv", SearchOption.AllDirectories))
        {
            Assert.Equal(System.IO.File.ReadAllBytes(csv), System.IO.File.ReadAllBytes(csv.Replace(results, again)));
        }
    }

    [Fact]
    public async Task CancellingKeepsFinishedRunsCompleteAndMarksTheRest()
    {
        var plan = ExperimentPlan.Load(File("reps.yaml", "replications: 4"));
        var results = _files.Results("reps");
        using var cancel = new CancellationTokenSource();

        // Cancel as the second run reaches its second slot.
        var outcome = await ExperimentRunner.RunAsync(
            fixture.Client, plan, results, "test",
            run => run.Replication == 1 ? new SynchronousProgress(r => { if (r.Slot == 1) { cancel.Cancel(); } }) : null,
            cancel.Token);

        Assert.True(outcome.Interrupted);
        Assert.Equal(1, outcome.Completed);
        var experiment = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(results, "experiment.json")))!;
        Assert.True((bool)experiment["interrupted"]!);
        Assert.Equal(["complete", "not run", "not run", "not run"], experiment["runs"]!.AsArray().Select(r => (string)r!["status"]!));
        Assert.Equal(["r0"], Directory.GetDirectories(Path.Combine(results, "runs")).Select(Path.GetFileName));
        Assert.True(System.IO.File.Exists(Path.Combine(results, "runs", "r0", "summary.json")));
    }

    [Fact]
    public async Task CtrlCStopsTheProcessLeavingFinishedRunsComplete()
    {
        var scenario = _files.Example("tier-sweep", ("slots", "12"), ("replications", "2"));
        var results = _files.Results("sigint");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "provsim.dll"), "run", scenario, "--out", results })
        {
            start.ArgumentList.Add(arg);
        }

        // The signal to interrupt: the first run's folder is in place. The runner moves it there and then
        // rewrites runs.csv and experiment.json beside it, so a watcher on the results folder sees it.
        Directory.CreateDirectory(results);
        var first = Path.Combine(results, "runs", "p00-r0", "summary.json");
        var firstRunDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(results);
        void Check(object? sender, EventArgs e)
        {
            if (System.IO.File.Exists(first))
            {
                firstRunDone.TrySetResult();
            }
        }

        watcher.Created += Check;
        watcher.Renamed += Check;
        watcher.EnableRaisingEvents = true;

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Check(null, EventArgs.Empty);
        await Task.WhenAny(firstRunDone.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(System.IO.File.Exists(first), "the first run did not finish");
        Assert.False(process.HasExited, "the run ended before it could be interrupted");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", $"{process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await process.WaitForExitAsync(timeout.Token);
        }

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("interrupted", await stderr);
        var experiment = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(results, "experiment.json")))!;
        Assert.True((bool)experiment["interrupted"]!);
        var complete = experiment["runs"]!.AsArray().Where(r => (string)r!["status"]! == "complete").Select(r => (string)r!["run_id"]!).ToList();
        Assert.InRange(complete.Count, 1, 5);
        Assert.All(complete, id => Assert.True(System.IO.File.Exists(Path.Combine(results, "runs", id, "summary.json"))));
        Assert.Equal(complete.Order(), Directory.GetDirectories(Path.Combine(results, "runs")).Select(d => Path.GetFileName(d)!).Order());
    }

    private sealed class SynchronousProgress(Action<Grains.Actors.Simulation.SlotReport> report) : IProgress<Grains.Actors.Simulation.SlotReport>
    {
        public void Report(Grains.Actors.Simulation.SlotReport value) => report(value);
    }

    public void Dispose() => _files.Dispose();
}
