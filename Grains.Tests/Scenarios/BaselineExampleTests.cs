// The baseline example at reduced size, end to end: every protocol path shows up (declines and market
// fills, failed workloads burning fees, hardware liars caught by their join challenge), the ledger
// balances, and `provsim verify` accepts the folder but names the row of any tampered allocation.
using ProverSim.Scenarios.Results;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class BaselineExampleTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Fact]
    public async Task BaselineExercisesEveryRuleAndBalances()
    {
        var results = _files.Results("baseline");
        var run = await ScenarioHarness.RunAsync(fixture.Client, _files.Example("baseline", ("slots", "40")), results);

        var workloads = ScenarioHarness.Rows(results, "workloads.csv");
        Assert.Contains(workloads, w => w["outcome"] == "completed");
        Assert.Contains(workloads, w => w["declined"] != "" && w["market_fills"] != "");
        var failed = workloads.Where(w => w["outcome"] == "failed").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, w => Assert.Equal(w["escrow"], w["burned"]));
        // Every verified proof (at most k = 3) is paid a tier, and only those.
        Assert.All(workloads.Where(w => w["outcome"] == "completed"), w =>
        {
            var proofs = w["proofs"].Split(';').Select(p => p.Split('@')[0]).ToArray();
            Assert.InRange(proofs.Length, 1, 3);
            Assert.Equal(proofs, w["tier_rewards"].Split(';').Select(t => t.Split(':')[0]).ToArray());
        });

        var liars = ScenarioHarness.Rows(results, "provers.csv").Where(p => p["group"] == "liars").ToList();
        Assert.Equal(4, liars.Count);
        Assert.All(liars, p =>
        {
            Assert.Equal("true", p["removed"]);
            Assert.Equal("500", p["slashed"]);
            Assert.Equal("0", p["tier_rewards"]);
        });

        long held = run.Ledger.Balances.Sum(b => b.Balance);
        Assert.Equal(run.Ledger.Minted, held + run.Ledger.Burned);
        Assert.Empty(ResultsVerifier.Verify(results).Problems);
    }

    [Fact]
    public async Task VerifyNamesTheRowOfATamperedAllocationOrProof()
    {
        var results = _files.Results("tampered");
        await ScenarioHarness.RunAsync(fixture.Client, _files.Example("baseline", ("slots", "12")), results);
        var path = Path.Combine(results, "workloads.csv");
        var lines = File.ReadAllLines(path);

        // Row 3: reverse the allocation; row 5: flip a bit of the VRF proof; the first workload whose
        // declines opened the market (after row 5): its drawn contenders in another order.
        var header = lines[0].Split(',');
        var market = Enumerable.Range(6, lines.Length - 6).First(i => lines[i].Split(',')[Array.IndexOf(header, "market_drawn")].Contains(';'));
        lines[3] = Replace(lines[3], "allocated", v => string.Join(';', v.Split(';').Reverse()));
        lines[5] = Replace(lines[5], "vrf_pi", v => v[..^1] + (v[^1] == '0' ? '1' : '0'));
        lines[market] = Replace(lines[market], "market_drawn", v => string.Join(';', v.Split(';').Reverse()));
        File.WriteAllLines(path, lines);

        // And the first random PoW challenge handed to a prover the beacon did not draw.
        var challengesPath = Path.Combine(results, "challenges.csv");
        var challenges = File.ReadAllLines(challengesPath);
        var columns = challenges[0].Split(',');
        var random = Enumerable.Range(1, challenges.Length - 1).First(i => challenges[i].Split(',')[Array.IndexOf(columns, "kind")] == "random");
        var fields = challenges[random].Split(',');
        var slot = fields[Array.IndexOf(columns, "issued_slot")];
        fields[Array.IndexOf(columns, "prover_id")] = "999";
        challenges[random] = string.Join(',', fields);
        File.WriteAllLines(challengesPath, challenges);

        var problems = ResultsVerifier.Verify(results).Problems;
        Assert.Equal(4, problems.Count);
        Assert.StartsWith($"slots.csv row {long.Parse(slot) + 1} (slot {slot}): random challenges went to", problems[0]);
        Assert.Contains("999", problems[0]);
        Assert.StartsWith("workloads.csv row 3 (workload 2): allocated", problems[1]);
        Assert.StartsWith("workloads.csv row 5 (workload 4): the VRF proof does not verify", problems[2]);
        Assert.StartsWith($"workloads.csv row {market} (workload {market - 1}): market contenders drawn", problems[3]);

        string Replace(string line, string column, Func<string, string> change)
        {
            var header = lines[0].Split(',');
            var fields = line.Split(',');
            var index = Array.IndexOf(header, column);
            fields[index] = change(fields[index]);
            return string.Join(',', fields);
        }
    }

    public void Dispose() => _files.Dispose();
}
