// The scaffold runs as it is and says how to go on; explain makes every default explicit and works out,
// for a scenario simple enough to check by hand, what a workload costs and pays and the load it puts on
// each group.
using ProverSim.Scenarios.Commands;
using ProverSim.Scenarios.Files;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class NewAndExplainTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Fact]
    public async Task TheScaffoldRunsAsItIs()
    {
        var folder = Path.Combine(_files.Directory, "fresh");
        var (code, stdout, _) = ProvsimProcess.Run("new", "my-study", "--dir", folder);
        Assert.Equal(0, code);
        Assert.Contains("provsim run", stdout);

        var results = _files.Results("scaffold");
        var run = await ScenarioHarness.RunAsync(fixture.Client, Path.Combine(folder, "my-study.yaml"), results);
        Assert.True(run.Totals.Count(ProverSim.Grains.Protocol.WorkloadOutcome.Completed) > 10);
        Assert.Empty(ProverSim.Scenarios.Results.ResultsVerifier.Verify(results).Problems);

        // A second `new` with the same name leaves the file alone.
        var again = ProvsimProcess.Run("new", "my-study", "--dir", folder);
        Assert.Equal(2, again.Code);
        Assert.Contains("exists already", again.Stderr);
        Assert.Contains("not a scenario name", ProvsimProcess.Run("new", "my study", "--dir", folder).Stderr);
    }

    [Fact]
    public void ExplainWorksOutCostsTiersAndLoadByHand()
    {
        var path = _files.Write("simple.yaml", """
            name: simple
            slots: 10
            protocol: { k: 3, fee_per_megacycle: 1000000, epoch_slots: 1 }
            groups:
              - { name: home, count: 10, hardware: { speed: 1000 }, job_slots: 1, behaviour: capacity-limited }
            demand:
              rate: 2
              programs:
                - { name: countdown, file: ../programs/countdown.bf, input: [100], paid_cycles: 1000 }
            """);
        var text = ExplainCommand.Explain(ScenarioParser.Load(path));

        // Defaults made explicit, in the file's units.
        Assert.Contains("  pow_slack: 0.2\n", text);
        Assert.Contains("  challenge_priority: preempt\n", text);
        Assert.Contains("    hardware: { cpu_cores: 8, memory_gb: 32, gpus: 0, bandwidth_mbps: 1000, speed: 1000 }\n", text);

        // countdown(100) runs 3 · 100 + 2 = 302 cycles; a fee is cycles × 1,000,000 / 10^6 base units; the
        // escrow is k = 3 paid fees of 1,000; the default tiers split 1,000 as 600/250/150.
        Assert.Contains("program countdown: runs 302 cycles (halts); 100.0% of workloads; escrow 3000 = 3 × fee 1000; a completing prover's fee 302; tiers pay [600, 250, 150]", text);

        // 2 workloads × k = 3 jobs per slot over 10 provers: 0.6 each; 302 cycles at 1,000 cycles/s in a
        // 1 s slot with one job slot: busy 0.6 × 0.302 = 18.12%, declined as often; 10 × 0.6 × 0.1812 =
        // 1.0872 open slots per slot, 18.1% of the 6 jobs.
        Assert.Contains("load: 0.6 jobs per prover per slot (6 jobs over 10 provers)", text);
        Assert.Contains("group home: 10 provers at 1000 cycles/s (actual), each busy ≈ 18.1% of its 1 job slot(s), so it declines ≈ 18.1% of its offers", text);
        Assert.Contains("market: ≈ 1.0872 open slots per slot (18.1% of prover jobs go to the open market)", text);
    }

    public void Dispose() => _files.Dispose();
}
