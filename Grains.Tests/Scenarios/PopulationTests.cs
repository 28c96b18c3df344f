// Prover groups drawn from distributions and the behaviours beyond honest: draws
// are per prover from their own streams and reproducible, integer fields rounded and clamped; a
// hardware liar's actual speed, a bandwidth-limited prover's bandwidth and a leaver's slot follow from
// the group; the demand curve and trace; and a run with distributions, flaky provers and leavers is
// byte-identical twice.
using ProverSim.Scenarios.Files;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class PopulationTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private string Scenario(string groups, string demand = "") => _files.Write("p.yaml", $"""
        name: population
        seed: 9
        slots: 20
        protocol: {"{"} join_challenges: 0, pow_rate: 0, epoch_slots: 1 {"}"}
        groups:
        {groups}
        demand:
          {(demand.Length == 0 ? "rate: 1" : demand)}
          start_slot: 1
          users: 3
          programs:
            - name: countdown
              file: ../programs/countdown.bf
              input: [10]
              paid_cycles: 100
        """);

    [Fact]
    public void DistributionsAreDrawnPerProverReproduciblyAndClamped()
    {
        var path = Scenario("""
              - name: g
                count: 200
                hardware: { speed: { lognormal: { mu: 7, sigma: 0.5 } }, cpu_cores: { choice: [8, 64], weights: [3, 1] }, gpus: { normal: { mean: 0, sd: 2 } } }
                stake: { uniform: [1000, 2000] }
            """);
        var provers = ScenarioParser.Load(path).ToConfig("r", 0).Provers;
        var again = ScenarioParser.Load(path).ToConfig("r", 0).Provers;
        var other = ScenarioParser.Load(path).ToConfig("r", 1).Provers;

        Assert.Equal(provers.Select(p => p.ToString()), again.Select(p => p.ToString()));
        Assert.NotEqual(provers.Select(p => p.Declared.CyclesPerSecond), other.Select(p => p.Declared.CyclesPerSecond));
        Assert.All(provers, p => Assert.Contains(p.Declared.CpuCores, new[] { 8, 64 }));
        Assert.InRange(provers.Count(p => p.Declared.CpuCores == 8), 120, 180);
        Assert.All(provers, p => Assert.InRange(p.Stake, 1000, 2000));
        Assert.All(provers, p => Assert.True(p.Declared.Gpus >= 0));
        Assert.Contains(provers, p => p.Declared.Gpus == 0);
        var logSpeeds = provers.Select(p => Math.Log(p.Declared.CyclesPerSecond)).ToArray();
        Assert.InRange(logSpeeds.Average(), 6.85, 7.15);
    }

    [Fact]
    public void BehavioursShapeTheSetup()
    {
        var path = Scenario("""
              - { name: liar, count: 1, hardware: { speed: 3000 }, behaviour: hardware-liar, lie_factor: 3 }
              - { name: thin, count: 1, hardware: { speed: 1000, bandwidth_mbps: 500 }, behaviour: bandwidth-limited }
              - { name: gone, count: 3, hardware: { speed: 1000 }, behaviour: leaver }
              - { name: fl, count: 1, hardware: { speed: 1000 }, behaviour: flaky, offline_rate: 0.2, offline_slots: 4 }
              - { name: mh, count: 1, hardware: { speed: 1000 }, behaviour: market-hunter, takes_market: false }
            """);
        var p = ScenarioParser.Load(path).ToConfig("r", 0).Provers;

        Assert.Equal((3000L, 1000L), (p[0].Declared.CyclesPerSecond, p[0].Actual.CyclesPerSecond));
        Assert.Equal((500L, 50L), (p[1].Declared.BandwidthMbps, p[1].Actual.BandwidthMbps));
        Assert.All(p.Skip(2).Take(3), l => Assert.InRange(l.LeaveSlot, 1, 19));
        Assert.Equal((200_000L, 4), (p[5].OfflineRatePpm, p[5].OfflineSlots));
        Assert.True(p[6].TakesMarket && p[6].QueuesMarketWork);
        Assert.All(p.Take(6), x => Assert.False(x.QueuesMarketWork));
    }

    [Theory]
    [InlineData("hardware: { speed: { lognormal: { mu: 7 } } }", "speed.lognormal: missing required key 'sigma'")]
    [InlineData("hardware: { speed: { choice: [1, 2], weights: [1] } }", "one non-negative weight per value")]
    [InlineData("hardware: { speed: { gamma: 3 } }", "unknown key")]
    [InlineData("hardware: { speed: 1000 }\n    behaviour: lazy", "behaviour")]
    public void BadGroupsAreOneClearError(string fields, string expected)
    {
        var error = Assert.Throws<ScenarioError>(() => ScenarioParser.Load(Scenario($"  - name: g\n    {fields}")));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void RateCurveAndTraceDriveArrivals()
    {
        var curve = ScenarioParser.Load(Scenario("  - { name: g, count: 3, hardware: { speed: 1000 } }", "process: curve\n  rate_curve: [[0, 0], [10, 10]]\n  curve_period: 20"));
        Assert.Equal((0.0, 5.0, 10.0, 10.0, 5.0), (curve.Demand.RateAt(0), curve.Demand.RateAt(5), curve.Demand.RateAt(10), curve.Demand.RateAt(15), curve.Demand.RateAt(25)));

        File.WriteAllText(Path.Combine(_files.Directory, "examples", "t.csv"), "arrival_s,program,user\n1.5,countdown,2\n3.25,countdown,0\n");
        var traced = ScenarioParser.Load(Scenario("  - { name: g, count: 3, hardware: { speed: 1000 } }", "process: trace\n  trace: t.csv"));
        Assert.Equal([(1_500_000L, 0, 2L), (3_250_000L, 0, 0L)], traced.Demand.Trace.Select(t => (t.ArrivalMicros, t.ProgramIndex, t.UserId)));

        File.WriteAllText(Path.Combine(_files.Directory, "examples", "t.csv"), "arrival_s,program\n1.5,countdown\n2,nosuch\n");
        var error = Assert.Throws<ScenarioError>(() => ScenarioParser.Load(Scenario("  - { name: g, count: 3, hardware: { speed: 1000 } }", "process: trace\n  trace: t.csv")));
        Assert.Contains("t.csv:3: program: 'nosuch' is not in demand.programs (countdown)", error.Message);
    }

    [Fact]
    public async Task DistributionsFlakyAndLeaversReplayByteForByte()
    {
        var path = _files.Example("flaky-provers", ("slots", "14"), ("drain_slots", "40"));
        await ScenarioHarness.RunAsync(fixture.Client, path, _files.Results("a"));
        await ScenarioHarness.RunAsync(fixture.Client, path, _files.Results("b"));

        foreach (var file in new[] { "workloads.csv", "provers.csv", "slots.csv", "summary.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_files.Results("a"), file)), File.ReadAllBytes(Path.Combine(_files.Results("b"), file)));
        }
    }

    public void Dispose() => _files.Dispose();
}
