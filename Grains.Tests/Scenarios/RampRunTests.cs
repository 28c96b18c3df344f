// An engine run under ramp-and-lock (scenario key `mechanism`): every workload's settlement checked by hand
// from its row of workloads.csv, the standing bids in active_set.csv and the mechanism parameters (the
// locker paid the price when it met its floor; a lock that delivered nothing by its timeout raced for at
// the price then, the first delivery paid, the locker's collateral half burned and half to that winner),
// `provsim verify` naming a tampered racer, and every figure equal to the mechanism model's replay of the
// same trace on the same rules.
using ProverSim.Grains.Mechanisms;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;
using static ProverSim.Grains.Tests.Scenarios.MechanismRuns;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class RampRunTests(ClusterFixture fixture) : IDisposable
{
    // The cheapest floor a copier's (it locks from slot 15 and delivers nothing), then one-slot provers too
    // slow for the timeout, market hunters and datacenters; a program that never halts.
    internal const string Scenario = """
        name: ramp
        seed: 13
        slots: 35
        drain_slots: 200
        mechanism: ramp-and-lock
        mechanism_parameters: { min_price: 0, max_price: 60000, ramp: 1, lock_timeout: 0.5, collateral: 150 }
        protocol:
          join_challenges: 0
          pow_rate: 0
          epoch_slots: 5
          market_candidates: 3
          jitter: 0.05
        groups:
          - { name: copiers, count: 1, hardware: { speed: 2000 }, behaviour: copier, cost: { hardware: 3 }, join_slot: 15 }
          - { name: slow, count: 3, hardware: { speed: 1000 }, job_slots: 1, behaviour: capacity-limited, cost: { hardware: 5 } }
          - { name: hunters, count: 2, hardware: { speed: 3000 }, behaviour: market-hunter, job_slots: 2, cost: { hardware: 20 } }
          - { name: datacenter, count: 3, hardware: { speed: 4000 }, job_slots: 4, cost: { hardware: 40 } }
        demand:
          rate: 3
          start_slot: 5
          users: 5
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [250], paid_cycles: 1000, weight: 4 }
            - { name: forever, file: ../programs/forever.bf, paid_cycles: 500, weight: 1 }
        """;

    private const long Ceiling = 60_000;
    private const long RampMicros = 1_000_000;
    private const long TimeoutMicros = 500_000;
    private const long Collateral = 150;
    private const long Reward = 1_000;

    private readonly ScenarioFiles _files = new();

    private static long Fee(long cycles, long price) => cycles * price / 1_000_000;

    // The price a workload offers `elapsed` µs after its arrival: 0 rising to the ceiling over a second.
    private static long PriceAfter(long elapsed) => elapsed >= RampMicros ? Ceiling : Ceiling * elapsed / RampMicros;

    // When the price first meets a floor, after the arrival.
    private static long MetAfter(long floor) => ((floor * RampMicros) + Ceiling - 1) / Ceiling;

    [Fact]
    public async Task EachWorkloadSettlesByTheRuleAndTheModelAgreesOnEveryFigure()
    {
        var file = _files.Write("ramp.yaml", Scenario);
        var results = _files.Results("ramp");
        var run = await ScenarioHarness.RunAsync(fixture.Client, file, results);
        Assert.Equal(run.Ledger.Minted, run.Ledger.Balances.Sum(b => b.Balance) + run.Ledger.Burned);

        var provers = ScenarioHarness.Rows(results, "provers.csv").ToDictionary(p => L(p["prover_id"]));
        var floors = ScenarioHarness.Rows(results, "active_set.csv").ToDictionary(m => (L(m["epoch"]), L(m["prover_id"])), m => L(m["floor"]));
        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        var seen = new HashSet<string>();
        var lost = new Dictionary<long, long>();
        var won = new Dictionary<long, long>();
        foreach (var w in workloads)
        {
            var where = $"workload {w["workload_id"]}";
            Assert.Equal(Fee(L(w["paid_cycles"]), Ceiling), L(w["escrow"]));
            var locker = L(w["allocated"]);
            var floor = floors[(L(w["epoch"]), locker)];
            var lockedAfter = MetAfter(floor);

            // Every floor cheaper than the locker's was reached first and declined.
            var declined = w["declined"].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(L).ToHashSet();
            Assert.All(floors.Where(f => f.Key.Item1 == L(w["epoch"]) && f.Value < floor), f => Assert.Contains(f.Key.Item2, declined));

            var raced = w["market_drawn"] != "";
            var price = raced ? PriceAfter(lockedAfter + TimeoutMicros) : PriceAfter(lockedAfter);
            var winner = w["proofs"] == "" ? (long?)null : L(w["proofs"].Split('@')[0]);
            if (!raced)
            {
                // The lock held: the locker delivered by its timeout.
                Assert.True(winner is null || winner == locker, where);
                Assert.True(w["outcome"] == "failed" || L(w["first_proof_us"]) <= L(w["arrival_us"]) + lockedAfter + TimeoutMicros, where);
                seen.Add($"held, {w["outcome"]}");
            }
            else
            {
                // Raced: the winner was drawn (or is the locker's late result) and was paid the price then.
                Assert.True(winner is null || winner == locker || w["market_drawn"].Split(';').Select(L).Contains(winner.Value), where);
                Assert.Equal(w["market_fills"], winner is { } racer && racer != locker ? $"{racer}" : "");
                lost[locker] = lost.GetValueOrDefault(locker) + 1;
                seen.Add(winner == locker ? "raced, the locker's late proof first" : $"raced, {w["outcome"]}");
            }

            if (w["outcome"] == "completed")
            {
                Assert.Equal($"{winner}:{Reward}", w["tier_rewards"]);
                Assert.Equal($"{winner}:{Fee(L(w["cycles"]), price)}", w["fees"]);
                Assert.Equal(L(w["escrow"]) - Fee(L(w["cycles"]), price), L(w["refund"]));
            }
            else if (w["outcome"] == "unserved")
            {
                // Raced, and nobody delivered: the escrow returns.
                Assert.True(raced, where);
                Assert.Equal((0, L(w["escrow"])), (L(w["burned"]), L(w["refund"])));
            }
            else
            {
                // A fail result burns the deliverer's price for the paid cycles.
                Assert.Equal("failed", w["outcome"]);
                Assert.Equal(Fee(L(w["paid_cycles"]), price), L(w["burned"]));
                Assert.Equal(L(w["escrow"]) - L(w["burned"]), L(w["refund"]));
            }
        }

        Assert.Superset(new HashSet<string> { "held, completed", "held, failed", "raced, completed", "raced, failed", "raced, the locker's late proof first" }, seen);

        // A timed-out lock forfeits the collateral from the locker's stake while some is left, in the slot its
        // workload settles: half burns and half goes to the race's winner (membership.csv names it), all of it
        // burns when the locker's own late result was first.
        var forfeits = ScenarioHarness.Rows(results, "membership.csv").Where(e => e["event"] == "forfeit").ToList();
        Assert.NotEmpty(forfeits);
        foreach (var (id, p) in provers)
        {
            Assert.Equal(Math.Min(L(p["stake"]), Collateral * lost.GetValueOrDefault(id)), L(p["slashed"]));
        }

        long? Winner(Dictionary<string, string> w) => w["proofs"] == "" ? null : L(w["proofs"].Split('@')[0]);
        foreach (var e in forfeits)
        {
            var raced = workloads.Where(w => w["settled_slot"] == e["slot"] && w["allocated"] == e["prover_id"] && w["market_drawn"] != "").ToList();
            var taken = L(e["detail"].Split("collateral ")[1].Split([',', ' '])[0]);
            if (e["detail"].Contains("half to prover", StringComparison.Ordinal))
            {
                var to = L(e["detail"].Split("prover ")[1]);
                // A fail result's deliverer is in no column but the racers drawn.
                Assert.Contains(raced, w => to != L(w["allocated"]) && (Winner(w) == to || (w["outcome"] == "failed" && w["market_drawn"].Split(';').Select(L).Contains(to))));
                won[to] = won.GetValueOrDefault(to) + taken - (taken / 2);
            }
            else
            {
                Assert.EndsWith("burned", e["detail"]);
                Assert.Contains(raced, w => Winner(w) is null || Winner(w) == L(w["allocated"]) || w["outcome"] == "failed");
            }
        }

        Assert.All(provers, p => Assert.Equal(won.GetValueOrDefault(p.Key), L(p.Value["collateral_won"])));

        // The draws check out; a tampered racer is named with its row.
        Assert.Empty(ResultsVerifier.Verify(results).Problems);
        var lines = File.ReadAllLines(Path.Combine(results, "workloads.csv"));
        var column = lines[0].Split(',').ToList().IndexOf("market_drawn");
        var row = Enumerable.Range(0, workloads.Count).First(r => workloads[r]["market_drawn"].Contains(';', StringComparison.Ordinal));
        var cells = lines[row + 1].Split(',');
        cells[column] = string.Join(';', cells[column].Split(';').Reverse());
        lines[row + 1] = string.Join(',', cells);
        File.WriteAllLines(Path.Combine(results, "workloads.csv"), lines);
        var problem = Assert.Single(ResultsVerifier.Verify(results).Problems);
        Assert.StartsWith($"workloads.csv row {row + 1} (workload {workloads[row]["workload_id"]}): racers drawn '{cells[column]}' after the lock timed out", problem);

        // The model's replay of the same trace under the same rules.
        var scenario = ScenarioParser.Load(file);
        var model = MechanismModel.Run(scenario.Trace(run.Config.RunId, 0), Mechanism.RampAndLock, scenario.MechanismParameters);
        MechanismRuns.ModelAgreesOnEveryWorkload(workloads, model);

        Assert.Equal(
            provers.Values.Select(p => (L(p["prover_id"]), L(p["tier_rewards"]), L(p["fees"]), L(p["slashed"]), L(p["collateral_won"]))),
            model.Provers.Select(p => (p.ProverId, p.Rewards, p.Fees, p.Slashed + p.CollateralLost, p.CollateralWon)));
    }

    public void Dispose() => _files.Dispose();
}
