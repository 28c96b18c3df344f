// `provsim expect`: on a network where the theory's assumptions hold (honest members from the start, light
// load, no jitter, everyone online) a long run pays each group what the theory expects — the closed form
// for uniform allocation, successive draws for stake weighting — within three of its standard deviations;
// the report puts each group beside it and flags a busy network that departs from it; a scenario that
// breaks the assumptions is told which.
using System.Text.Json.Nodes;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class ExpectTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private const string Honest = """
        name: theory
        seed: 5
        slots: 300
        drain_slots: 20
        protocol: { join_challenges: 0, pow_rate: 0, k: 3, jitter: 0 }
        groups:
          - { name: fast, count: 4, hardware: { cpu_cores: 4, speed: 4000 }, job_slots: 4, offline_rate: 0 }
          - { name: mid, count: 4, hardware: { cpu_cores: 4, speed: 2000 }, job_slots: 4, offline_rate: 0 }
          - { name: slow, count: 4, hardware: { cpu_cores: 4, speed: 1000 }, job_slots: 4, offline_rate: 0 }
        demand:
          rate: 1
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [20], paid_cycles: 100 }
        """;

    [Fact]
    public void AnHonestLightlyLoadedNetworkEarnsWhatTheoryExpects()
    {
        var scenario = _files.Write("theory.yaml", Honest);
        var (code, stdout, stderr) = ProvsimProcess.Run("expect", scenario, "--json");
        Assert.True(code == 0, stderr);
        var expected = JsonNode.Parse(stdout)!;
        Assert.Empty(expected["caveats"]!.AsArray());

        var results = _files.Results("theory");
        Assert.Equal(0, ProvsimProcess.Run("run", scenario, "--out", results, "--quiet").Code);
        var rows = ScenarioHarness.Rows(results, "provers.csv");
        var workloads = ScenarioHarness.Rows(results, "workloads.csv");

        // Every workload that arrived once the snapshot held the provers completed, and it is the count expected.
        var from = (long)expected["from_slot"]!;
        Assert.Equal((long)expected["workloads"]!, workloads.Count(w => long.Parse(w["slot"]) >= from));
        Assert.All(workloads.Where(w => long.Parse(w["slot"]) >= from), w => Assert.Equal("completed", w["outcome"]));

        foreach (var group in expected["groups"]!.AsArray())
        {
            var name = (string)group!["group"]!;
            var members = rows.Where(r => r["group"] == name).ToList();
            var tiers = members.Average(r => double.Parse(r["tier_rewards"], System.Globalization.CultureInfo.InvariantCulture));
            var fees = members.Average(r => double.Parse(r["fees"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(tiers, (double)group["tier_rewards"]! - (3 * (double)group["tier_rewards_sd"]!), (double)group["tier_rewards"]! + (3 * (double)group["tier_rewards_sd"]!));
            Assert.InRange(fees, (double)group["fees"]! - (3 * (double)group["fees_sd"]!), (double)group["fees"]! + (3 * (double)group["fees_sd"]!));
        }

        // The run's report puts each group beside the theory, within its interval.
        var page = File.ReadAllText(Path.Combine(results, "report.html"));
        Assert.Contains("Theory: tier rewards under the allocation rule", page);
        foreach (var group in new[] { "fast", "mid", "slow" })
        {
            Assert.Matches($@"<td class=""text"">{group}</td><td>4</td><td>[\d,.]+</td><td>[\d,.]+</td><td>[\d,.]+ – [\d,.]+</td><td class=""text"">yes</td>", page);
        }

        // The ranking is the theory's, and far from an even split: the fast group earns over twice the slow.
        var byGroup = expected["groups"]!.AsArray().ToDictionary(g => (string)g!["group"]!, g => (double)g!["tier_rewards"]!);
        Assert.True(byGroup["fast"] > 2 * byGroup["slow"] && byGroup["mid"] > byGroup["slow"]);
    }

    [Fact]
    public void AScenarioThatBreaksTheAssumptionsIsToldWhich()
    {
        var (code, stdout, _) = ProvsimProcess.Run("expect", _files.Example("baseline"));
        Assert.Equal(0, code);
        Assert.Contains("assumption broken: group liars: its actual hardware differs from what it declares", stdout);
        Assert.Contains("assumption broken: group home: behaviour capacity-limited", stdout);
        Assert.Contains("assumption broken: group home: offline_rate 0.05", stdout);
        Assert.Contains("assumption broken: jitter 0.05", stdout);
        Assert.Matches(@"group datacenter: 8 provers at \d+(\.\d)? cycles/s; tier rewards [\d.]+ ± [\d.]+, fees [\d.]+ ± [\d.]+, total [\d.]+", stdout);
    }

    // Slow one-slot provers under load decline; the market gives their work to the fast ones, who then earn
    // more than uniform allocation would pay them: the report flags both groups.
    [Fact]
    public void ABusyNetworkIsFlaggedWhereItDepartsFromTheTheory()
    {
        var scenario = _files.Write("busy.yaml", """
            name: busy
            seed: 3
            slots: 60
            drain_slots: 40
            protocol: { join_challenges: 0, pow_rate: 0, k: 3, jitter: 0 }
            groups:
              - { name: fast, count: 4, hardware: { cpu_cores: 4, speed: 4000 }, job_slots: 4, offline_rate: 0 }
              - { name: slow, count: 8, hardware: { cpu_cores: 1, speed: 500 }, job_slots: 1, offline_rate: 0, behaviour: capacity-limited }
            demand:
              rate: 3
              programs:
                - { name: countdown, file: ../programs/countdown.bf, input: [100], paid_cycles: 400 }
            """);
        var results = _files.Results("busy");
        Assert.Equal(0, ProvsimProcess.Run("run", scenario, "--out", results, "--quiet").Code);

        var page = File.ReadAllText(Path.Combine(results, "report.html"));
        Assert.Matches(@"<td class=""text"">fast</td><td>4</td>.*?<td class=""text"">NO: outside</td>", page);
        Assert.Matches(@"<td class=""text"">slow</td><td>8</td>.*?<td class=""text"">NO: outside</td>", page);
        Assert.Contains("group slow: behaviour capacity-limited", ProvsimProcess.Run("expect", scenario).Stdout);
    }

    [Fact]
    public void ARunWhoseMembershipChangedSaysWhyTheTheoryIsNotComputed()
    {
        var results = _files.Results("baseline");
        Assert.Equal(0, ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "10")), "--out", results, "--quiet").Code);

        Assert.Contains("Not computed for this run: 4 of 36 provers were removed, left or never joined: the eligible set was not fixed.", File.ReadAllText(Path.Combine(results, "report.html")));
    }

    // Stake weighting: the large-stake slow group is drawn most and out-earns the small-stake fast group;
    // the expectation comes from every ordered draw, and the run pays each group within three deviations.
    [Fact]
    public void StakeWeightedAllocationIsExpectedFromSuccessiveDraws()
    {
        var scenario = _files.Write("stake.yaml", """
            name: stake
            seed: 4
            slots: 200
            drain_slots: 20
            protocol: { join_challenges: 0, pow_rate: 0, k: 3, jitter: 0, allocation_weight: stake }
            groups:
              - { name: fast-small, count: 4, hardware: { cpu_cores: 4, speed: 4000 }, job_slots: 4, offline_rate: 0, stake: 1000 }
              - { name: slow-large, count: 4, hardware: { cpu_cores: 4, speed: 1000 }, job_slots: 4, offline_rate: 0, stake: 5000 }
              - { name: mid, count: 4, hardware: { cpu_cores: 4, speed: 2000 }, job_slots: 4, offline_rate: 0, stake: 2000 }
            demand:
              rate: 1
              programs:
                - { name: countdown, file: ../programs/countdown.bf, input: [20], paid_cycles: 100 }
            """);
        var (code, stdout, stderr) = ProvsimProcess.Run("expect", scenario, "--json");
        Assert.True(code == 0, stderr);
        var expected = JsonNode.Parse(stdout)!;
        Assert.Equal("stake-weighted allocation (every ordered draw enumerated)", (string)expected["method"]!);
        var groups = expected["groups"]!.AsArray().ToDictionary(g => (string)g!["group"]!, g => g!);
        Assert.True((double)groups["slow-large"]["tier_rewards"]! > (double)groups["fast-small"]["tier_rewards"]!);
        Assert.True((double)groups["slow-large"]["fees"]! > 4 * (double)groups["fast-small"]["fees"]!);

        var results = _files.Results("stake");
        Assert.Equal(0, ProvsimProcess.Run("run", scenario, "--out", results, "--quiet").Code);
        var rows = ScenarioHarness.Rows(results, "provers.csv");
        foreach (var (name, group) in groups)
        {
            var members = rows.Where(r => r["group"] == name).ToList();
            foreach (var column in new[] { "tier_rewards", "fees" })
            {
                var simulated = members.Average(r => double.Parse(r[column], System.Globalization.CultureInfo.InvariantCulture));
                var (mean, sd) = ((double)group[column]!, (double)group[column + "_sd"]!);
                Assert.InRange(simulated, mean - (3 * sd), mean + (3 * sd));
            }
        }

        var page = File.ReadAllText(Path.Combine(results, "report.html"));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(page, @"<td>[\d,.]+ – [\d,.]+</td><td class=""text"">yes</td>").Count);
    }

    public void Dispose() => _files.Dispose();
}
