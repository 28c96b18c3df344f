// Tuning the tiers: the lattice of splits, successive halving on objectives whose optimum is known (a
// noisy bowl around a split; a constraint that rules the optimum out), and `provsim tune` end to end on
// identical provers, where the flattest split gives the least unequal earnings.
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Experiments;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class TierSearchTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Fact]
    public void TheLatticeHoldsEveryNonIncreasingSplitInFivePercentSteps()
    {
        var lattice = TierSearch.Lattice(3);

        // The partitions of 20 into exactly 3 positive parts: 33.
        Assert.Equal(33, lattice.Count);
        Assert.All(lattice, s => Assert.Equal(ProtocolParameters.Ppm, s.Sum()));
        Assert.All(lattice, s => Assert.True(s[0] >= s[1] && s[1] >= s[2] && s[2] >= 50_000));
        Assert.Equal(lattice.Count, lattice.Select(s => string.Join(',', s)).Distinct().Count());
        Assert.Contains(lattice, s => s.SequenceEqual([600_000L, 250_000, 150_000]));
        Assert.Single(TierSearch.Lattice(1));
    }

    [Fact]
    public async Task SuccessiveHalvingFindsTheBottomOfANoisyBowl()
    {
        ImmutableArray<long> target = [500_000, 300_000, 200_000];
        var candidates = TierSearch.Lattice(3);
        var calls = 0;

        var result = await TierSearch.RunAsync(candidates, 120, "gini", minimise: true, [], (c, tiers, r) =>
        {
            calls++;
            return Task.FromResult<IReadOnlyDictionary<string, double>>(Metrics(Bowl(tiers, target) + Noise(c, r, 0.002)));
        });

        Assert.Equal(target.ToArray(), result.BestTiersPpm.ToArray());
        Assert.Equal(calls, result.Evaluations.Count);
        Assert.InRange(calls, 33, 120);

        // Halving: every candidate once in round 0, half of them twice in round 1, …; the best has the most.
        Assert.Equal(33, result.Evaluations.Count(e => e.Round == 0));
        Assert.Equal(17, result.Evaluations.Where(e => e.Round == 1).Select(e => e.Candidate).Distinct().Count());
        Assert.True(result.Replications >= 8);
        Assert.InRange(result.Mean, result.Low, result.High);
    }

    // The bowl's bottom is [0.8, 0.15, 0.05]; "nakamoto" stands for the first tier here, and at most 0.6 is
    // allowed. With the first tier at 0.6 the rest, 0.4, is split best as [0.25, 0.15]: 0.04 + 0.01 + 0.01
    // = 0.06 from the bottom, against 0.04 + 0.0225 + 0.0025 for [0.3, 0.1] and more for a first tier of 0.55.
    [Fact]
    public async Task AConstraintKeepsTheSearchAwayFromAnOptimumThatBreaksIt()
    {
        var result = await TierSearch.RunAsync(TierSearch.Lattice(3), 80, "gini", minimise: true, [TuneConstraint.Parse("nakamoto<=0.6")], (c, tiers, r) =>
        {
            var metrics = Metrics(Bowl(tiers, [800_000, 150_000, 50_000]));
            metrics["nakamoto"] = tiers[0] / 1e6;
            return Task.FromResult<IReadOnlyDictionary<string, double>>(metrics);
        });

        Assert.Equal([600_000L, 250_000, 150_000], result.BestTiersPpm.ToArray());
        Assert.All(result.Evaluations.Where(e => e.TiersPpm[0] > 600_000), e => Assert.False(e.Feasible));
    }

    [Fact]
    public async Task WhenNoSplitMeetsTheConstraintsTheResultSaysSo()
    {
        var result = await TierSearch.RunAsync(TierSearch.Lattice(2), 20, "gini", minimise: true, [TuneConstraint.Parse("nakamoto>=5")], (c, tiers, r) =>
            Task.FromResult<IReadOnlyDictionary<string, double>>(Metrics(tiers[0] / 1e6)));

        Assert.False(result.Feasible);
        Assert.All(result.Evaluations, e => Assert.False(e.Feasible));
    }

    [Theory]
    [InlineData("p99_first_proof_s<=2", "p99_first_proof", "<=", 2.0)]
    [InlineData("gini > 0.25", "gini", ">", 0.25)]
    public void ConstraintsParse(string text, string metric, string op, double bound)
    {
        Assert.Equal(new TuneConstraint(metric, op, bound), TuneConstraint.Parse(text));
    }

    [Fact]
    public void AnUnknownMetricInAConstraintIsAClearError()
    {
        var error = Assert.Throws<ProverSim.Scenarios.Commands.InputError>(() => TuneConstraint.Parse("latency<=2"));
        Assert.Contains("unknown metric 'latency'; allowed: gini, nakamoto, p99_first_proof, user_cost", error.Message);
    }

    // Identical provers: every split pays each the same in expectation, so the flattest spreads each
    // workload's reward over the most provers and gives the least unequal earnings. The scenario's own
    // split is the flat one; the search must keep it against the steeper candidates.
    [Fact]
    public void TuneFindsTheFlattestSplitForTheLeastGiniAmongIdenticalProvers()
    {
        var scenario = _files.Write("identical.yaml", Identical("identical", 30, "[0.35, 0.35, 0.3]"));
        var results = _files.Results("tune");

        var (code, stdout, stderr) = ProvsimProcess.Run("tune", scenario, "--objective", "gini", "--budget", "14", "--candidates", "5", "--out", results, "--json");

        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("[0.35,0.35,0.3]", json["best_tiers"]!.ToJsonString());
        Assert.Equal("minimise", (string)json["direction"]!);
        Assert.InRange((int)json["runs"]!, 5, 14);
        var csv = ScenarioHarness.Rows(results, "tune.csv");
        Assert.Equal((int)json["runs"]!, csv.Count);
        Assert.Equal(5, csv.Select(r => r["candidate"]).Distinct().Count());
        Assert.True(new FileInfo(Path.Combine(results, "tune.png")).Length > 10_000);

        // Every other candidate is steeper and more unequal in the first round (the same draws for all).
        var first = csv.Where(r => r["round"] == "0").ToDictionary(r => r["tiers"], r => double.Parse(r["gini"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(first.Where(f => f.Key != "[0.35, 0.35, 0.3]"), f => Assert.True(f.Value > first["[0.35, 0.35, 0.3]"], $"{f.Key}: Gini {f.Value}"));
    }

    // A bowl whose bottom is [0.5, 0.3, 0.2] at sweep point 2 of 3; the other points sit 0.05 higher everywhere.
    [Fact]
    public async Task TheSearchOverSplitsAndSweepPointsFindsTheBestOfBoth()
    {
        ImmutableArray<long> own = [600_000, 250_000, 150_000];
        var candidates = TierSearch.Candidates([own, own, own], 60, seed: 4);
        Assert.Equal([0, 1, 2], candidates.Take(3).Select(c => c.Point));
        Assert.All(candidates.Take(3), c => Assert.Equal(own, c.TiersPpm));
        Assert.Equal(60, candidates.Select(c => (TierSearch.Show(c.TiersPpm), c.Point)).Distinct().Count());
        candidates = [.. candidates, new TuneCandidate([500_000, 300_000, 200_000], 2), new TuneCandidate([500_000, 300_000, 200_000], 0)];

        var result = await TierSearch.RunAsync(candidates, 300, "gini", minimise: true, [], (c, candidate, r) =>
            Task.FromResult<IReadOnlyDictionary<string, double>>(Metrics(Bowl(candidate.TiersPpm, [500_000, 300_000, 200_000]) + (candidate.Point == 2 ? 0 : 0.05) + Noise(c, r, 0.002))));

        Assert.Equal(2, result.BestPoint);
        Assert.Equal([500_000L, 300_000, 200_000], result.BestTiersPpm.ToArray());
        Assert.Equal([0, 1, 2], result.Evaluations.Where(e => e.Round == 0).Select(e => e.Point).Distinct().Order());
    }

    // The user's cost per proof is the fee for the program's cycles times k, whatever the split: of two
    // swept fees, the search must settle on the lower.
    [Fact]
    public void TuneSearchesTheSweptKeysWithTheTiers()
    {
        var scenario = _files.Write("fees.yaml", Identical("fees", 20, "[0.6, 0.25, 0.15]", """
            sweep:
              keys:
                protocol.fee_per_megacycle: [100000, 50000]
            """));
        var results = _files.Results("fees-tune");

        var (code, stdout, stderr) = ProvsimProcess.Run("tune", scenario, "--objective", "user_cost", "--budget", "6", "--candidates", "4", "--out", results, "--json");

        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal(50000, (long)json["best_point"]!["protocol.fee_per_megacycle"]!);
        var csv = ScenarioHarness.Rows(results, "tune.csv");
        Assert.Equal(["100000", "50000"], csv.Select(r => r["protocol.fee_per_megacycle"]).Distinct().Order().ToArray());

        // Fees for 17 cycles (countdown of 5) per proof: 17 × 0.1 = 1 base unit at 100,000 per megacycle, 0 at 50,000.
        Assert.All(csv, r => Assert.Equal(r["protocol.fee_per_megacycle"] == "100000" ? "3" : "0", r["user_cost"]));
    }

    [Fact]
    public void TuneRefusesABudgetThatCannotRunEverySweepPoint()
    {
        var scenario = _files.Write("points.yaml", Identical("points", 10, "[0.6, 0.25, 0.15]", """
            sweep:
              keys:
                protocol.fee_per_megacycle: [100000, 50000, 20000]
            """));
        var (code, _, stderr) = ProvsimProcess.Run("tune", scenario, "--objective", "user_cost", "--budget", "2");
        Assert.Equal(2, code);
        Assert.Contains("--budget: 2 runs cannot run each of the 3 sweep points once: give at least 3", stderr);
        (code, _, stderr) = ProvsimProcess.Run("tune", scenario, "--objective", "user_cost", "--candidates", "2");
        Assert.Equal(2, code);
        Assert.Contains("--candidates: 2 cannot hold each of the 3 sweep points' own split: give at least 3", stderr);
    }

    [Fact]
    public void TuneRefusesASweepOfTheTiersItSearches()
    {
        var scenario = _files.Write("tiers.yaml", """
            name: tiers
            protocol: { k: 2, tiers: [0.7, 0.3] }
            sweep: { keys: { protocol.tiers: [[0.7, 0.3], [0.6, 0.4]] } }
            groups:
              - { name: same, count: 3, hardware: { speed: 2000 } }
            demand:
              programs:
                - { name: countdown, file: ../programs/countdown.bf, input: [5], paid_cycles: 40 }
            """);
        var (code, _, stderr) = ProvsimProcess.Run("tune", scenario, "--objective", "gini");
        Assert.Equal(2, code);
        Assert.Contains("sweeps protocol.tiers, which tune searches itself", stderr);
    }

    // Six identical provers, a light load of one small program; the tiers and anything more (a sweep) given.
    private static string Identical(string name, int slots, string tiers, string more = "") => $$"""
        name: {{name}}
        seed: 11
        slots: {{slots}}
        drain_slots: 20
        protocol: { join_challenges: 0, pow_rate: 0, k: 3, tiers: {{tiers}}, epoch_slots: 2 }
        {{more}}
        groups:
          - { name: same, count: 6, hardware: { cpu_cores: 4, speed: 2000 }, job_slots: 4, offline_rate: 0 }
        demand:
          rate: 1
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [5], paid_cycles: 40 }
        """;

    private static double Bowl(ImmutableArray<long> tiers, ImmutableArray<long> target) => tiers.Zip(target, (a, b) => Math.Pow((a - b) / 1e6, 2)).Sum();

    // Deterministic noise in [−amplitude, amplitude] from (candidate, replication).
    private static double Noise(int candidate, int replication, double amplitude) =>
        amplitude * ((new DerivedRandom(1, replication, "noise", candidate).NextDouble() * 2) - 1);

    private static Dictionary<string, double> Metrics(double gini) => new() { ["gini"] = gini, ["nakamoto"] = 0, ["p99_first_proof"] = 0, ["user_cost"] = 0 };

    public void Dispose() => _files.Dispose();
}
