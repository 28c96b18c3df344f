// An engine run under proportional-lottery (scenario key `mechanism`): the same allocation, proofs and
// fees as the protocol's run of the same scenario, every completed workload's reward minted into its
// arrival epoch's pot, and at the end each pot split over the counted proofs by their cycles — checked
// against a recomputation from the run's own workloads.csv, written out here by hand.
using System.Globalization;
using System.Text.Json.Nodes;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class LotteryRunTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Fact]
    public async Task PotsAreSplitByCyclesAndEverythingElseIsTheProtocolsRun()
    {
        var tieredFile = _files.Example("baseline", ("slots", "30"));
        var lotteryFile = _files.Write("lottery.yaml", File.ReadAllText(tieredFile).Replace("seed: 42", "seed: 42\nmechanism: proportional-lottery", StringComparison.Ordinal));
        var tieredResults = _files.Results("tiered");
        var lotteryResults = _files.Results("lottery");
        await ScenarioHarness.RunAsync(fixture.Client, tieredFile, tieredResults);
        var lottery = await ScenarioHarness.RunAsync(fixture.Client, lotteryFile, lotteryResults);

        // The same allocation, declines, market, outcomes, proofs and fees.
        var tiered = ScenarioHarness.Rows(tieredResults, "workloads.csv");
        var workloads = ScenarioHarness.Rows(lotteryResults, "workloads.csv");
        Assert.Equal(tiered.Count, workloads.Count);
        foreach (var column in new[] { "workload_id", "allocated", "declined", "market_fills", "outcome", "cycles", "proofs", "fees", "refund", "burned" })
        {
            Assert.Equal(tiered.Select(w => w[column]), workloads.Select(w => w[column]));
        }

        Assert.Contains(workloads, w => w["outcome"] == "completed");
        Assert.All(workloads, w => Assert.Equal("", w["tier_rewards"]));

        // Each pot by hand: a completed workload deposits the tiers its counted proofs (its fee payees)
        // fill, the whole reward when all k are; each payee claims the workload's cycles in the arrival
        // epoch; a pot pays floor(pot × cycles ÷ total) and the rest to the most cycles, lowest id.
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(lotteryResults, "summary.json")))!;
        var reward = (long)summary["parameters"]!["reward"]!;
        var tiers = summary["parameters"]!["tiers"]!.AsArray().Select(t => (double)t!).ToArray();
        var epochSlots = (long)summary["parameters"]!["epoch_slots"]!;
        var pots = new SortedDictionary<long, long>();
        var claims = new SortedDictionary<long, SortedDictionary<long, long>>();
        foreach (var w in workloads.Where(w => w["outcome"] == "completed"))
        {
            var epoch = long.Parse(w["slot"], CultureInfo.InvariantCulture) / epochSlots;
            var payees = w["fees"].Split(';').Select(f => long.Parse(f.Split(':')[0], CultureInfo.InvariantCulture)).ToList();
            var ppm = tiers.Take(payees.Count).Sum(t => (long)Math.Round(t * 1_000_000));
            pots[epoch] = pots.GetValueOrDefault(epoch) + (payees.Count == tiers.Length ? reward : reward * ppm / 1_000_000);
            var epochClaims = claims.TryGetValue(epoch, out var c) ? c : claims[epoch] = [];
            foreach (var payee in payees)
            {
                epochClaims[payee] = epochClaims.GetValueOrDefault(payee) + long.Parse(w["cycles"], CultureInfo.InvariantCulture);
            }
        }

        var expected = new SortedDictionary<long, long>();
        foreach (var (epoch, pot) in pots)
        {
            var total = claims[epoch].Values.Sum();
            foreach (var (prover, cycles) in claims[epoch])
            {
                expected[prover] = expected.GetValueOrDefault(prover) + (long)((decimal)pot * cycles / total);
            }

            var top = claims[epoch].OrderByDescending(x => x.Value).ThenBy(x => x.Key).First().Key;
            expected[top] += pot - claims[epoch].Sum(x => (long)((decimal)pot * x.Value / total));
        }

        var provers = ScenarioHarness.Rows(lotteryResults, "provers.csv");
        Assert.All(provers, p => Assert.Equal(
            expected.GetValueOrDefault(long.Parse(p["prover_id"], CultureInfo.InvariantCulture)),
            long.Parse(p["tier_rewards"], CultureInfo.InvariantCulture)));

        // Every pot paid out; the same reward minted as under the tiers; money conserved.
        var money = summary["money"]!;
        Assert.Equal((long)money["pot_deposits"]!, (long)money["tier_rewards"]!);
        Assert.Equal(pots.Values.Sum(), (long)money["tier_rewards"]!);
        var tieredMoney = JsonNode.Parse(File.ReadAllText(Path.Combine(tieredResults, "summary.json")))!["money"]!;
        Assert.Equal((long)tieredMoney["tier_rewards"]!, (long)money["tier_rewards"]!);
        Assert.Equal("proportional-lottery", (string)summary["mechanism"]!);
        Assert.Equal(lottery.Ledger.Minted, lottery.Ledger.Balances.Sum(b => b.Balance) + lottery.Ledger.Burned);
        Assert.All(lottery.Ledger.Balances.Where(b => b.Account.Kind == ProverSim.Grains.Protocol.AccountKind.Pot), b => Assert.Equal(0, b.Balance));
    }

    public void Dispose() => _files.Dispose();
}
