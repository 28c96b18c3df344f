// End to end on the test cluster: three identical provers with fixed speed, no jitter, one workload
// per slot. Every allocation takes all three, they finish at the same virtual time, so the tiers go
// by VRF order (allocation rank); the payouts below are computed by hand from the rules.
using ProverSim.Grains.Tests.Scenarios;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class HandComputedRunTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private const string Scenario = """
        name: three-identical
        seed: 7
        slots: 4
        drain_slots: 10
        protocol:
          min_stake: 1000
          join_challenges: 0
          pow_rate: 0
          k: 3
          tiers: [0.6, 0.25, 0.15]
          reward: 1000
          fee_per_megacycle: 1000000
          epoch_slots: 1
          jitter: 0
        groups:
          - name: same
            count: 3
            hardware: { speed: 1000 }
            stake: 1000
            balance: 500
            job_slots: 1
        demand:
          process: constant
          rate: 1
          start_slot: 1
          users: 1
          user_funds: 10000
          programs:
            - name: program
              file: ../programs/PROGRAM
              input: [10]
              paid_cycles: 100
        """;

    [Fact]
    public async Task CompletedWorkloadsPayTiersByVrfOrderAndFeesForExactCycles()
    {
        var results = _files.Results("completed");
        var run = await ScenarioHarness.RunAsync(fixture.Client, _files.Write("completed.yaml", Scenario.Replace("PROGRAM", "countdown.bf")), results);

        // countdown(10) runs 3·10 + 2 = 32 cycles: 32 000 µs at 1 000 cycles/s; fee 32 per prover.
        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        Assert.Equal(3, workloads.Count);
        var tiers = new Dictionary<long, long> { [0] = 0, [1] = 0, [2] = 0 };
        foreach (var (w, slot) in workloads.Select((w, i) => (w, i + 1)))
        {
            var arrival = slot * 1_000_000L + 500_000;
            Assert.Equal($"{arrival}", w["arrival_us"]);
            Assert.Equal("completed", w["outcome"]);
            Assert.Equal("32", w["cycles"]);
            Assert.Equal($"{arrival + 32_000}", w["close_us"]);
            Assert.Equal("300", w["escrow"]);
            Assert.Equal("204", w["refund"]);
            Assert.Equal("0", w["burned"]);
            var allocated = w["allocated"].Split(';').Select(long.Parse).ToArray();
            Assert.Equal([0, 1, 2], allocated.Order());
            Assert.Equal($"{allocated[0]}:600;{allocated[1]}:250;{allocated[2]}:150", w["tier_rewards"]);
            Assert.Equal(string.Join(';', allocated.Select(p => $"{p}:32")), w["fees"]);
            Assert.Equal(string.Join(';', allocated.Select(p => $"{p}@{arrival + 32_000}")), w["proofs"]);
            tiers[allocated[0]] += 600;
            tiers[allocated[1]] += 250;
            tiers[allocated[2]] += 150;
        }

        foreach (var p in ScenarioHarness.Rows(results, "provers.csv"))
        {
            var id = long.Parse(p["prover_id"]);
            Assert.Equal($"{tiers[id]}", p["tier_rewards"]);
            Assert.Equal("96", p["fees"]);
            Assert.Equal($"{500 + tiers[id] + 96}", p["balance"]);
            Assert.Equal("1000", p["locked"]);
            Assert.Equal("3", p["jobs_run"]);
        }

        // Genesis 3·(1000 + 500) + 10 000, plus 3 network rewards of 1 000; nothing burned.
        Assert.Equal(17_500, run.Ledger.Minted);
        Assert.Equal(0, run.Ledger.Burned);
        Assert.Contains(run.Ledger.Balances, b => b.Account == Grains.Protocol.AccountId.User(0) && b.Balance == 10_000 - 3 * 96);
    }

    [Fact]
    public async Task AProgramThatRunsOutOfCyclesBurnsTheWholeEscrowAndMintsNothing()
    {
        var results = _files.Results("failed");
        var run = await ScenarioHarness.RunAsync(fixture.Client, _files.Write("failed.yaml", Scenario.Replace("PROGRAM", "forever.bf")), results);

        foreach (var w in ScenarioHarness.Rows(results, "workloads.csv"))
        {
            Assert.Equal("failed", w["outcome"]);
            Assert.Equal("100", w["cycles"]);
            Assert.Equal("300", w["burned"]);
            Assert.Equal("0", w["refund"]);
            Assert.Equal("", w["tier_rewards"]);
        }

        // Genesis only: 3·(1000 + 500) + 10 000; the user's three escrows of 300 are burned.
        Assert.Equal(14_500, run.Ledger.Minted);
        Assert.Equal(900, run.Ledger.Burned);
        Assert.Contains(run.Ledger.Balances, b => b.Account == Grains.Protocol.AccountId.User(0) && b.Balance == 10_000 - 900);
        Assert.All(ScenarioHarness.Rows(results, "provers.csv"), p =>
        {
            Assert.Equal("500", p["balance"]);
            Assert.Equal("1000", p["locked"]);
            Assert.Equal("0", p["tier_rewards"]);
            Assert.Equal("0", p["fees"]);
        });
    }

    [Fact]
    public async Task AUserWhoCannotPayIsRefusedAndTheRunGoesOn()
    {
        // Escrow: 100 paid cycles at 1 per cycle for 3 provers = 300. The user holds 350: workload 0 (slot 1)
        // escrows 300, completes (3 × 32 in fees) and refunds 204, leaving 350 − 300 + 204 = 254 — short of
        // the 300 that workloads 1 and 2 each need: both are refused, with the ledger's reason.
        var results = _files.Results("refused");
        var run = await ScenarioHarness.RunAsync(
            fixture.Client, _files.Write("refused.yaml", Scenario.Replace("PROGRAM", "countdown.bf").Replace("user_funds: 10000", "user_funds: 350")), results);

        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        Assert.Equal(["completed", "rejected", "rejected"], workloads.Select(w => w["outcome"]));
        Assert.Equal(["", "account user:0 holds 254, cannot pay 300 (Escrow)", "account user:0 holds 254, cannot pay 300 (Escrow)"], workloads.Select(w => w["refused"]));
        Assert.Equal(["", "", ""], workloads.Skip(1).Select(w => w["allocated"]).Prepend(""));
        Assert.Equal(2, run.Totals.Count(Grains.Protocol.WorkloadOutcome.Rejected));
        Assert.Contains("\"rejected\": 2", File.ReadAllText(Path.Combine(results, "summary.json")));
        Assert.Contains(run.Ledger.Balances, b => b.Account == Grains.Protocol.AccountId.User(0) && b.Balance == 254);
        Assert.Equal(3 * 1_500 + 350 + 1_000, run.Ledger.Minted);

        // provsim verify accepts the refused rows (nothing drawn) and still checks the allocated one.
        var report = ProverSim.Scenarios.Results.ResultsVerifier.Verify(results);
        Assert.Empty(report.Problems);
        Assert.Equal(3, report.Workloads);
    }

    [Fact]
    public async Task MembershipEventsAndRefusedJoinsAreInTheResults()
    {
        // A fourth prover locks 500, under min_stake 1000: refused with the rule's reason; the three others
        // join in slot 0 with their 1000 (no join challenges: active at once, so no "active" event).
        var results = _files.Results("membership");
        var scenario = Scenario.Replace("PROGRAM", "countdown.bf").Replace("""
            demand:
            """, """
              - name: poor
                count: 1
                hardware: { speed: 1000 }
                stake: 500
            demand:
            """);
        await ScenarioHarness.RunAsync(fixture.Client, _files.Write("membership.yaml", scenario), results);

        var events = ScenarioHarness.Rows(results, "membership.csv").Select(r => $"{r["slot"]} {r["prover_id"]} {r["event"]} {r["detail"]}");
        Assert.Equal(["0 0 join stake 1000", "0 1 join stake 1000", "0 2 join stake 1000", "0 3 refused stake 500 is below min_stake 1000"], events);

        // The report says why too.
        var page = File.ReadAllText(ProverSim.Reports.ReportWriter.Write(results));
        Assert.Contains("<td class=\"text\">join refused</td><td class=\"text\">stake N is below min_stake N</td><td>1</td>", page);
    }

    [Fact]
    public async Task AProverThatLeavesIsAllocatedNoMoreFromTheSlotItLeaves()
    {
        // Epoch 1's snapshot (frozen at slot 10) holds provers 0–3; prover 3 leaves at slot 12, mid-epoch.
        // With k = 3, the workloads of slots 12 and 13 can only draw 0, 1 and 2.
        var results = _files.Results("leaving");
        var scenario = Scenario.Replace("PROGRAM", "countdown.bf")
            .Replace("slots: 4", "slots: 14").Replace("epoch_slots: 1", "epoch_slots: 10").Replace("start_slot: 1", "start_slot: 10")
            .Replace("""
                demand:
                """, """
                  - name: leaving
                    count: 1
                    hardware: { speed: 1000 }
                    stake: 1000
                    balance: 500
                    job_slots: 1
                    leave_slot: 12
                demand:
                """);
        await ScenarioHarness.RunAsync(fixture.Client, _files.Write("leaving.yaml", scenario), results);

        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        Assert.Equal([10L, 11L, 12L, 13L], workloads.Select(w => long.Parse(w["slot"])));
        Assert.All(workloads.Where(w => long.Parse(w["slot"]) >= 12), w => Assert.Equal(["0", "1", "2"], w["allocated"].Split(';').Order()));
        Assert.Contains(ScenarioHarness.Rows(results, "membership.csv"), e => e["slot"] == "12" && e["prover_id"] == "3" && e["event"] == "leave");
        Assert.Empty(ProverSim.Scenarios.Results.ResultsVerifier.Verify(results).Problems);
    }

    [Fact]
    public async Task AUserWhoWantsOneProverPaysForOneAndItsProverTakesTheWholeReward()
    {
        // k = 1 for this program (tiers [1.0]): escrow 100 paid cycles × 1 per cycle × 1 prover = 100; the one
        // allocated prover runs 32 cycles: reward 1000 and fee 32 to it, 68 back to the user.
        var results = _files.Results("k1");
        var scenario = Scenario.Replace("PROGRAM", "countdown.bf").Replace("paid_cycles: 100", "paid_cycles: 100\n      k: 1\n      tiers: [1.0]");
        await ScenarioHarness.RunAsync(fixture.Client, _files.Write("k1.yaml", scenario), results);

        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        Assert.Equal(3, workloads.Count);
        foreach (var w in workloads)
        {
            var prover = Assert.Single(w["allocated"].Split(';'));
            Assert.Equal(("1", "100", $"{prover}:1000", $"{prover}:32", "68"), (w["k"], w["escrow"], w["tier_rewards"], w["fees"], w["refund"]));
        }

        Assert.Empty(ProverSim.Scenarios.Results.ResultsVerifier.Verify(results).Problems);
    }

    public void Dispose() => _files.Dispose();
}
