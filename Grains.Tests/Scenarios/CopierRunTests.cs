// End to end with copiers (DESIGN.md §1 "Copy protection"): copiers take allocations and market slots,
// repost the capsules they find — verbatim or re-bound to themselves — and are never paid; every
// workload pays exactly its honest valid proofs by their own finishing order, so the provers they
// copied lose nothing; the ledger balances.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class CopierRunTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private const string Scenario = """
        name: copiers
        seed: 11
        slots: 8
        drain_slots: 20
        protocol:
          join_challenges: 0
          pow_rate: 0
          k: 3
          tiers: [0.6, 0.25, 0.15]
          reward: 1000
          fee_per_megacycle: 100000
          epoch_slots: 1
          market_candidates: 3
          jitter: 0.05
        groups:
          - name: queue
            count: 3
            hardware: { speed: 1000 }
            stake: 1000
            balance: 500
            job_slots: 2
          - name: busy
            count: 3
            hardware: { speed: 1000 }
            stake: 1000
            balance: 500
            job_slots: 1
            behaviour: capacity-limited
          - name: copiers
            count: 3
            hardware: { speed: 1000 }
            stake: 1000
            balance: 500
            behaviour: copier
        demand:
          process: constant
          rate: 5
          start_slot: 1
          users: 2
          user_funds: 100000
          programs:
            - name: countdown
              file: ../programs/countdown.bf
              input: [200]
              paid_cycles: 700
        """;

    [Fact]
    public async Task CopiersEarnNothingAndEveryWorkloadPaysItsHonestProofsInTheirOwnOrder()
    {
        var results = _files.Results("copiers");
        var run = await ScenarioHarness.RunAsync(fixture.Client, _files.Write("copiers.yaml", Scenario), results);
        var provers = ScenarioHarness.Rows(results, "provers.csv");
        var copiers = provers.Where(p => p["behaviour"] == "copier").Select(p => p["prover_id"]).ToHashSet();
        var workloads = ScenarioHarness.Rows(results, "workloads.csv");

        // The copiers did try: they took allocations and market slots and reposted capsules.
        Assert.True(provers.Where(p => copiers.Contains(p["prover_id"])).Sum(p => long.Parse(p["copies_posted"])) >= 10);
        Assert.Contains(workloads, w => w["market_losers"].Split(';').Any(copiers.Contains));
        var rejections = workloads.SelectMany(w => w["rejected"].Split(';', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(rejections, r => r.EndsWith(":binding-mismatch", StringComparison.Ordinal));
        Assert.Contains(rejections, r => r.EndsWith(":tampered", StringComparison.Ordinal));
        Assert.All(rejections, r => Assert.Contains(r.Split(':')[0], copiers));

        // Exactly zero earnings: balance as at genesis, nothing credited.
        Assert.All(provers.Where(p => copiers.Contains(p["prover_id"])), p =>
        {
            Assert.Equal(("0", "0", "0", "500", "1000"), (p["tier_rewards"], p["fees"], p["pow_rewards"], p["balance"], p["locked"]));
        });

        // Each workload pays its valid (honest) proofs in their finishing order, tiers as if no copy existed.
        var completed = workloads.Where(w => w["outcome"] == "completed").ToList();
        Assert.True(completed.Count >= 20);
        foreach (var w in completed)
        {
            var proofs = w["proofs"].Split(';').Select(p => p.Split('@')).Select(p => (Prover: p[0], At: long.Parse(p[1]))).ToList();
            Assert.DoesNotContain(proofs, p => copiers.Contains(p.Prover));
            Assert.Equal(proofs.OrderBy(p => p.At).Select(p => p.At), proofs.Select(p => p.At));
            var shares = Rewards.TierShares(1000, [600_000, 250_000, 150_000], proofs.Count);
            Assert.Equal(string.Join(';', proofs.Select((p, i) => $"{p.Prover}:{shares[i]}")), w["tier_rewards"]);
            Assert.Equal(w["verified_us"], w["close_us"]);
            Assert.True(long.Parse(w["user_opened_us"]) <= long.Parse(w["first_proof_us"]));
            Assert.Equal(proofs[0].At, long.Parse(w["first_proof_us"]));
        }

        // A copied market slot still went to its honest contender: no market fill is a copier's.
        Assert.All(workloads, w => Assert.DoesNotContain(w["market_fills"].Split(';'), copiers.Contains));
        Assert.Contains(workloads, w => w["market_fills"] != "");

        Assert.Equal(run.Ledger.Minted, run.Ledger.Balances.Sum(b => b.Balance) + run.Ledger.Burned);
        var capsules = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!["capsules"]!;
        Assert.Equal(0, (long)capsules["copier_workload_earnings"]!);
        Assert.Equal(rejections.Count, capsules["rejected"]!.AsObject().Sum(r => (int)r.Value!));
    }

    public void Dispose() => _files.Dispose();
}
