// An engine run under vrf-single-fallback (scenario key `mechanism`): every workload's settlement checked
// by hand from its row of workloads.csv (the first's proof in time pays the reward and the fee; a
// fallback's pays the reward and half the fee and ejects the first; a fail result, or a job taken and not
// delivered, burns the escrow; nobody taking it refunds it), the draws re-checked by `provsim verify`
// (which names a tampered fallback), and every figure equal to the mechanism model's replay of the same
// trace on the same rules.
using ProverSim.Grains.Mechanisms;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;
using static ProverSim.Grains.Tests.Scenarios.MechanismRuns;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class FallbackRunTests(ClusterFixture fixture) : IDisposable
{
    // One-slot provers that decline when busy, copiers (a first that posts nothing, a fallback that delivers
    // nothing) and a program that never halts: every branch of the settlement.
    internal const string Scenario = """
        name: single-fallback
        seed: 5
        slots: 35
        drain_slots: 200
        mechanism: vrf-single-fallback
        mechanism_parameters: { decision_window: 0.1, deadline_slack: 0.2 }
        protocol:
          join_challenges: 0
          pow_rate: 0
          k: 2
          tiers: [0.7, 0.3]
          epoch_slots: 5
          jitter: 0.05
        groups:
          - { name: busy, count: 6, hardware: { speed: 1000 }, job_slots: 1, behaviour: capacity-limited }
          - { name: copiers, count: 4, hardware: { speed: 2000 }, behaviour: copier }
          - { name: datacenter, count: 2, hardware: { speed: 4000 }, job_slots: 4 }
        demand:
          rate: 3
          start_slot: 5
          users: 5
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [250], paid_cycles: 1000, weight: 4 }
            - { name: forever, file: ../programs/forever.bf, paid_cycles: 500, weight: 1 }
        """;

    private const long Reward = 1_000;
    private const long FeePerMegacycle = 100_000;

    private readonly ScenarioFiles _files = new();

    private static long Fee(long cycles) => cycles * FeePerMegacycle / 1_000_000;

    [Fact]
    public async Task EachWorkloadSettlesByTheRuleAndTheModelAgreesOnEveryFigure()
    {
        var file = _files.Write("fallback.yaml", Scenario);
        var results = _files.Results("fallback");
        var run = await ScenarioHarness.RunAsync(fixture.Client, file, results);
        Assert.Equal(run.Ledger.Minted, run.Ledger.Balances.Sum(b => b.Balance) + run.Ledger.Burned);
        Assert.All(run.Ledger.Balances.Where(b => b.Account.Kind == ProverSim.Grains.Protocol.AccountKind.Escrow), b => Assert.Equal(0, b.Balance));

        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        var ejections = ScenarioHarness.Rows(results, "membership.csv").Where(e => e["event"] == "ejected").ToList();
        var branches = new Dictionary<string, int>();
        foreach (var w in workloads)
        {
            var where = $"workload {w["workload_id"]}";
            var escrow = Fee(L(w["paid_cycles"]));
            Assert.Equal(escrow, L(w["escrow"]));
            var first = w["allocated"];
            Assert.DoesNotContain(';', first);
            var declined = w["declined"].Split(';', StringSplitOptions.RemoveEmptyEntries);
            var winner = w["proofs"] == "" ? null : w["proofs"].Split('@')[0];
            string branch;
            if (w["outcome"] == "completed" && winner == first)
            {
                branch = "first";
                Assert.True(w["fallback"] == "", where);
                Assert.Equal($"{first}:{Fee(L(w["cycles"]))}", w["fees"]);
                Assert.Equal(escrow - Fee(L(w["cycles"])), L(w["refund"]));
            }
            else if (w["outcome"] == "completed")
            {
                branch = declined.Contains(first) ? "rescued after a decline" : "rescued after a miss";
                Assert.Equal(w["fallback"], winner);
                var paid = Fee(L(w["cycles"])) - (Fee(L(w["cycles"])) / 2);
                Assert.Equal($"{winner}:{paid}", w["fees"]);
                Assert.Equal(escrow - paid, L(w["refund"]));
                Assert.Contains(ejections, e => e["prover_id"] == first && L(e["slot"]) <= L(w["settled_slot"]));
            }
            else
            {
                var tookIt = !declined.Contains(first) || (w["fallback"] != "" && !declined.Contains(w["fallback"]));
                branch = w["outcome"] == "failed" ? "failed" : tookIt ? "taken, not delivered" : "nobody took it";
                Assert.Equal("", w["fees"]);
                Assert.Equal((w["outcome"] == "failed" || tookIt ? escrow : 0, w["outcome"] == "failed" || tookIt ? 0 : escrow), (L(w["burned"]), L(w["refund"])));
            }

            Assert.Equal(w["outcome"] == "completed" ? $"{winner}:{Reward}" : "", w["tier_rewards"]);
            branches[branch] = branches.GetValueOrDefault(branch) + 1;
        }

        Assert.Equal(
            ["failed", "first", "nobody took it", "rescued after a decline", "rescued after a miss", "taken, not delivered"],
            branches.Keys.Order(StringComparer.Ordinal));

        // Every ejected prover was the first of a workload its fallback rescued; none is drawn after its ejection.
        Assert.NotEmpty(ejections);
        foreach (var e in ejections)
        {
            Assert.Contains(workloads, w => w["allocated"] == e["prover_id"] && w["fallback"] != "" && w["proofs"].StartsWith(w["fallback"] + "@", StringComparison.Ordinal));
            Assert.DoesNotContain(workloads, w => L(w["slot"]) > L(e["slot"]) && (w["allocated"] == e["prover_id"] || w["fallback"] == e["prover_id"]));
        }

        // The draws check out; a tampered fallback is named with its row.
        Assert.Empty(ResultsVerifier.Verify(results).Problems);
        var lines = File.ReadAllLines(Path.Combine(results, "workloads.csv"));
        var row = Array.FindIndex(lines, l => !l.EndsWith(',') && l != lines[0]);
        lines[row] = lines[row][..(lines[row].LastIndexOf(',') + 1)] + "999";
        File.WriteAllLines(Path.Combine(results, "workloads.csv"), lines);
        var problem = Assert.Single(ResultsVerifier.Verify(results).Problems);
        Assert.StartsWith($"workloads.csv row {row} (workload {workloads[row - 1]["workload_id"]}): fallback '999' but the VRF output and the epoch", problem);

        // The model's replay of the same trace under the same rules: each workload's outcome, what its user
        // paid and its first proof's time; each prover's rewards and fees.
        var scenario = ScenarioParser.Load(file);
        var model = MechanismModel.Run(scenario.Trace(run.Config.RunId, 0), Mechanism.VrfSingleFallback, scenario.MechanismParameters);
        MechanismRuns.ModelAgreesOnEveryWorkload(workloads, model);

        var provers = ScenarioHarness.Rows(results, "provers.csv");
        Assert.Equal(
            provers.Select(p => (L(p["prover_id"]), L(p["tier_rewards"]), L(p["fees"]), p["status"] != "active" && p["slashed"] == "0")),
            model.Provers.Select(p => (p.ProverId, p.Rewards, p.Fees, p.Ejected)));
    }

    public void Dispose() => _files.Dispose();
}
