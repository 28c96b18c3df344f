// Every ready-made scenario in Scenarios/examples runs to completion at reduced size (fewer slots, one
// replication), conserves money, and shows the effect it was written to show.
using ProverSim.Scenarios.Experiments;
using ProverSim.Scenarios.Running;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class ExamplesTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private static string[] Names => [.. Directory.GetFiles(RepoPaths.Examples, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Examples => new(Names);

    [Fact]
    public void TheIssueExamplesAreAllThere() =>
        Assert.Subset(
            Names.ToHashSet(),
            new HashSet<string> { "baseline", "decline-storm", "hardware-liars", "flaky-provers", "tier-sweep", "whales-vs-small", "demand-spike", "copiers" });

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task RunsToCompletionAtReducedSize(string example)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Examples, example + ".yaml"));
        // The spike ramps up from slot 15: keep enough slots to see it.
        var overrides = new List<(string, string)> { ("slots", example == "demand-spike" ? "26" : "16"), ("drain_slots", "60") };
        if (lines.Any(l => l.StartsWith("replications:", StringComparison.Ordinal)))
        {
            overrides.Add(("replications", "1"));
        }

        var plan = ExperimentPlan.Load(_files.Example(example, [.. overrides]));
        var results = _files.Results(example);
        var outcome = await ExperimentRunner.RunAsync(fixture.Client, plan, results, "test");

        Assert.False(outcome.Interrupted);
        foreach (var (run, result) in outcome.Runs)
        {
            Assert.NotNull(result);
            Assert.Equal(result.Ledger.Minted, result.Ledger.Balances.Sum(b => b.Balance) + result.Ledger.Burned);
            Assert.True(result.Totals.Finished, $"{run.RunId} did not drain");
            Assert.True(result.Totals.Count(Grains.Protocol.WorkloadOutcome.Completed) > 0);
        }

        var first = outcome.Runs[0].Outcome!;
        var folder = plan.IsSingleRun ? results : Path.Combine(results, "runs", plan.Runs[0].RunId);
        var provers = ScenarioHarness.Rows(folder, "provers.csv");
        long Sum(string group, string column) => provers.Where(p => p["group"] == group).Sum(p => long.Parse(p[column]));
        // A workload closes as soon as its k proofs are posted: nothing posted after the close is paid.
        foreach (var w in ScenarioHarness.Rows(folder, "workloads.csv").Where(w => w["proofs"] != ""))
        {
            Assert.All(w["proofs"].Split(';'), p => Assert.True(long.Parse(p.Split('@')[1]) <= long.Parse(w["close_us"]), $"workload {w["workload_id"]}: {p} after the close"));
        }

        switch (example)
        {
            case "hardware-liars":
                Assert.True(Sum("liars-x2", "slashed") > 0 && Sum("liars-x5", "slashed") > 0);
                Assert.Equal(0, Sum("liars-x2", "tier_rewards") + Sum("liars-x5", "tier_rewards"));
                Assert.Equal(0, Sum("honest", "slashed"));
                break;
            case "decline-storm":
                Assert.True(first.Totals.Declines > 10);
                Assert.True(first.Totals.MarketFills > 5);

                // Every declined prover of a workload is listed with its reason.
                foreach (var w in ScenarioHarness.Rows(folder, "workloads.csv").Where(w => w["declined"] != ""))
                {
                    var reasons = w["decline_reasons"].Split(';').Select(r => r.Split(':')).ToList();
                    Assert.Equal(w["declined"].Split(';'), reasons.Select(r => r[0]));
                    Assert.All(reasons, r => Assert.Contains(r[1], new[] { "capacity", "bandwidth", "offline" }));
                }

                break;
            case "flaky-provers":
                Assert.Contains(provers, p => p["group"] == "leavers" && p["status"] is "cooldown" or "exited");
                Assert.Equal(0, Sum("steady", "slashed"));
                break;
            case "demand-spike":
                var arrivals = ScenarioHarness.Rows(folder, "slots.csv").Select(s => int.Parse(s["arrivals"])).ToArray();
                Assert.True(arrivals[5..15].Sum() < arrivals.Skip(15).Take(10).Sum());
                break;
            case "copiers":
                Assert.Equal(0, Sum("copiers", "tier_rewards") + Sum("copiers", "fees"));
                break;
        }
    }

    public void Dispose() => _files.Dispose();
}
