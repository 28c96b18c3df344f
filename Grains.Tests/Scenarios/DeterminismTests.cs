// Determinism (DESIGN.md §2): the same scenario and seed give byte-identical result files, run after
// run, on the two-silo test cluster and on the one-silo embedded host alike; only the seed changes them.
using Microsoft.Extensions.Hosting;
using ProverSim.Silo;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class DeterminismTests(ClusterFixture fixture) : IDisposable
{
    private static readonly IReadOnlyList<string> DeterministicFiles = ProverSim.Scenarios.Results.ResultsWriter.Files;

    private readonly ScenarioFiles _files = new();

    [Fact]
    public async Task SameScenarioAndSeedGiveByteIdenticalResultsWhateverTheSiloCount()
    {
        var scenario = _files.Example("baseline", ("slots", "30"));
        await ScenarioHarness.RunAsync(fixture.Client, scenario, _files.Results("first"));
        await ScenarioHarness.RunAsync(fixture.Client, scenario, _files.Results("second"));
        using (var host = await SiloSetup.StartEmbeddedAsync())
        {
            await ScenarioHarness.RunAsync(host.Client(), scenario, _files.Results("embedded"));
            await host.StopAsync();
        }

        foreach (var file in DeterministicFiles)
        {
            var first = File.ReadAllBytes(Path.Combine(_files.Results("first"), file));
            Assert.True(first.Length > 100, $"{file} is nearly empty");
            Assert.Equal(first, File.ReadAllBytes(Path.Combine(_files.Results("second"), file)));
            Assert.Equal(first, File.ReadAllBytes(Path.Combine(_files.Results("embedded"), file)));
        }
    }

    [Fact]
    public void SameResultsWithOneWorkerThreadOrMany()
    {
        // The runtime sizes its thread pool (and Orleans its schedulers) from the processor count: one
        // core's worth of worker threads against the machine's, as separate provsim processes.
        var scenario = _files.Example("baseline", ("slots", "15"));
        var one = ProvsimProcess.RunWith(new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "1" }, "run", scenario, "--out", _files.Results("one-thread"));
        var many = ProvsimProcess.RunWith(new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "8" }, "run", scenario, "--out", _files.Results("eight-threads"));

        Assert.Equal((0, 0), (one.Code, many.Code));
        foreach (var file in DeterministicFiles)
        {
            var first = File.ReadAllBytes(Path.Combine(_files.Results("one-thread"), file));
            Assert.True(first.Length > 100, $"{file} is nearly empty");
            Assert.Equal(first, File.ReadAllBytes(Path.Combine(_files.Results("eight-threads"), file)));
        }
    }

    [Fact]
    public async Task ChangingOnlyTheSeedChangesTheResults()
    {
        await ScenarioHarness.RunAsync(fixture.Client, _files.Example("baseline", ("slots", "20")), _files.Results("seed42"));
        await ScenarioHarness.RunAsync(fixture.Client, _files.Example("baseline", ("slots", "20"), ("seed", "43")), _files.Results("seed43"));

        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(_files.Results("seed42"), "workloads.csv")),
            File.ReadAllBytes(Path.Combine(_files.Results("seed43"), "workloads.csv")));
    }

    public void Dispose() => _files.Dispose();
}
