// An engine run under reverse-auction (scenario key `mechanism`): every workload's settlement checked by
// hand from its row of workloads.csv and the standing bids in active_set.csv (winners paid their bid for
// the cycles run and the tiers by finishing order; a fail result burns each runner's bid for the paid
// cycles; a winner with no valid proof in time forfeits its collateral from its stake), every bid cheaper
// than a winner's asked, `provsim verify` naming a tampered winner, and every figure equal to the
// mechanism model's replay of the same trace on the same rules.
using ProverSim.Grains.Mechanisms;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;
using static ProverSim.Grains.Tests.Scenarios.MechanismRuns;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class AuctionRunTests(ClusterFixture fixture) : IDisposable
{
    // The cheapest bid a copier's (it wins from slot 20 and delivers nothing), then hardware liars' (late),
    // one-slot provers' (busy: they decline), dear datacenters' and some above the user's highest price;
    // a program that never halts.
    internal const string Scenario = """
        name: auction
        seed: 8
        slots: 35
        drain_slots: 200
        mechanism: reverse-auction
        mechanism_parameters: { deadline_slack: 0.05, collateral: 150, max_price: 60000 }
        protocol:
          join_challenges: 0
          pow_rate: 0
          k: 2
          tiers: [0.7, 0.3]
          epoch_slots: 5
          jitter: 0.05
        groups:
          - { name: cheap, count: 4, hardware: { speed: 1000 }, job_slots: 1, behaviour: capacity-limited, cost: { hardware: 5 } }
          - { name: copiers, count: 1, hardware: { speed: 2000 }, behaviour: copier, cost: { hardware: 3 }, join_slot: 20 }
          - { name: liars, count: 2, hardware: { speed: 3000 }, behaviour: hardware-liar, cost: { hardware: 6 } }
          - { name: datacenter, count: 3, hardware: { speed: 4000 }, job_slots: 4, cost: { hardware: 40 } }
          - { name: pricey, count: 2, hardware: { speed: 1000 }, job_slots: 4, cost: { hardware: 100 } }
        demand:
          rate: 3
          start_slot: 5
          users: 5
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [250], paid_cycles: 1000, weight: 4 }
            - { name: forever, file: ../programs/forever.bf, paid_cycles: 500, weight: 1 }
        """;

    private const long Ceiling = 60_000;
    private const long Collateral = 150;

    private readonly ScenarioFiles _files = new();

    private static long Fee(long cycles, long price) => cycles * price / 1_000_000;

    private static List<long> Ids(string list) => [.. list.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(L)];

    [Fact]
    public async Task EachWorkloadSettlesByTheRuleAndTheModelAgreesOnEveryFigure()
    {
        var file = _files.Write("auction.yaml", Scenario);
        var results = _files.Results("auction");
        var run = await ScenarioHarness.RunAsync(fixture.Client, file, results);
        Assert.Equal(run.Ledger.Minted, run.Ledger.Balances.Sum(b => b.Balance) + run.Ledger.Burned);
        Assert.All(run.Ledger.Balances.Where(b => b.Account.Kind == ProverSim.Grains.Protocol.AccountKind.Escrow), b => Assert.Equal(0, b.Balance));

        var provers = ScenarioHarness.Rows(results, "provers.csv").ToDictionary(p => L(p["prover_id"]));
        var floors = ScenarioHarness.Rows(results, "active_set.csv").ToDictionary(m => (L(m["epoch"]), L(m["prover_id"])), m => L(m["floor"]));
        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        var forfeits = new Dictionary<long, int>();
        var seen = new HashSet<string>();
        foreach (var w in workloads)
        {
            var where = $"workload {w["workload_id"]}";
            var epoch = L(w["epoch"]);
            long Floor(long id) => floors[(epoch, id)];
            Assert.Equal(2 * Fee(L(w["paid_cycles"]), Ceiling), L(w["escrow"]));

            // Every standing bid under the dearest winner's was asked: it won or declined; none above the ceiling won.
            var winners = Ids(w["allocated"]);
            var declined = Ids(w["declined"]);
            Assert.True(winners.Count <= 2, where);
            Assert.All(winners, id => Assert.InRange(Floor(id), 0, Ceiling));
            var dearest = winners.Count == 2 ? winners.Max(Floor) : Ceiling + 1;
            Assert.All(floors.Where(f => f.Key.Item1 == epoch && f.Value < dearest).Select(f => f.Key.Item2), id => Assert.Contains(id, winners.Concat(declined)));

            var proofs = w["proofs"] == "" ? [] : w["proofs"].Split(';').Select(p => L(p.Split('@')[0])).ToList();
            var copier = winners.Where(id => provers[id]["behaviour"] == "copier").ToList();
            long spent;
            if (w["outcome"] == "failed")
            {
                // Each winner that ran it burns its bid for the paid cycles; a copier ran nothing and forfeits.
                var ran = winners.Except(copier).ToList();
                Assert.NotEmpty(ran);
                spent = ran.Sum(id => Fee(L(w["paid_cycles"]), Floor(id)));
                Assert.Equal(spent, L(w["burned"]));
                copier.ForEach(id => forfeits[id] = forfeits.GetValueOrDefault(id) + 1);
                seen.Add("failed");
            }
            else
            {
                // The proofs in time, in finishing order, take the tiers and their bid for the cycles run.
                Assert.Equal(0, L(w["burned"]));
                Assert.All(proofs, id => Assert.Contains(id, winners));
                var shares = proofs.Count == 2 ? new long[] { 700, 300 } : proofs.Count == 1 ? [700] : [];
                Assert.Equal(string.Join(';', proofs.Select((id, rank) => $"{id}:{shares[rank]}")), w["tier_rewards"]);
                Assert.Equal(string.Join(';', proofs.Select(id => $"{id}:{Fee(L(w["cycles"]), Floor(id))}")), w["fees"]);
                spent = proofs.Sum(id => Fee(L(w["cycles"]), Floor(id)));
                winners.Except(proofs).ToList().ForEach(id => forfeits[id] = forfeits.GetValueOrDefault(id) + 1);
                seen.Add(w["outcome"] + (winners.Count > proofs.Count ? " with a forfeit" : ""));
            }

            Assert.Equal(L(w["escrow"]) - spent, L(w["refund"]));
            seen.Add(declined.Count > 0 ? "a bidder declined" : "no decline");
        }

        Assert.Superset(new HashSet<string> { "failed", "completed", "completed with a forfeit", "unserved with a forfeit", "a bidder declined" }, seen);
        Assert.Contains(workloads, w => w["tier_rewards"].Split(';').Length == 2);

        // Forfeits come from the stake, as long as some is left (no challenge slashes here).
        foreach (var (id, p) in provers)
        {
            Assert.Equal(Math.Min(L(p["stake"]), Collateral * forfeits.GetValueOrDefault(id)), L(p["slashed"]));
        }

        Assert.Contains(forfeits.Keys, id => provers[id]["behaviour"] == "hardware-liar");

        // The bids check out; a tampered winner is named with its row.
        Assert.Empty(ResultsVerifier.Verify(results).Problems);
        var lines = File.ReadAllLines(Path.Combine(results, "workloads.csv"));
        var row = Enumerable.Range(0, workloads.Count).First(r => Ids(workloads[r]["allocated"]).Count == 2);
        var column = lines[0].Split(',').ToList().IndexOf("allocated");
        var cells = lines[row + 1].Split(',');
        cells[column] = string.Join(';', Ids(cells[column]).AsEnumerable().Reverse());
        lines[row + 1] = string.Join(',', cells);
        File.WriteAllLines(Path.Combine(results, "workloads.csv"), lines);
        var problem = Assert.Single(ResultsVerifier.Verify(results).Problems);
        Assert.StartsWith($"workloads.csv row {row + 1} (workload {workloads[row]["workload_id"]}): allocated '{cells[column]}'", problem);
        Assert.Contains("but the standing bids in price order give", problem);

        // The model's replay of the same trace under the same rules.
        var scenario = ScenarioParser.Load(file);
        var model = MechanismModel.Run(scenario.Trace(run.Config.RunId, 0), Mechanism.ReverseAuction, scenario.MechanismParameters);
        MechanismRuns.ModelAgreesOnEveryWorkload(workloads, model);

        Assert.Equal(
            provers.Values.Select(p => (L(p["prover_id"]), L(p["tier_rewards"]), L(p["fees"]), L(p["slashed"]))),
            model.Provers.Select(p => (p.ProverId, p.Rewards, p.Fees, p.Slashed + p.CollateralLost)));
    }

    public void Dispose() => _files.Dispose();
}
