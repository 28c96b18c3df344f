// A scenario on a real Orleans cluster — separate silo processes on loopback over Redis or PostgreSQL,
// `provsim run --cluster` as their client — gives the embedded run's bytes (every result file but
// manifest.json and report.html); so does a run that loses a silo to SIGKILL in the middle, and a run
// whose client and silos all stopped, resumed on silos started again.
using System.Text.Json.Nodes;
using ProverSim.Grains.Tests.Scenarios;

namespace ProverSim.Grains.Tests.Cluster;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessCollection
{
    public const string Name = "cluster processes";
}

[Collection(ClusterProcessCollection.Name)]
public sealed class ClusterRunTests : IDisposable
{
    private readonly ScenarioFiles _files = new();
    private readonly List<ChildProcess> _processes = [];

    private string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    [SkippableFact]
    public async Task ThreeSilosOnRedisGiveTheEmbeddedRunsBytes() => await ThreeSilosGiveTheEmbeddedRunsBytes(ClusterServers.Redis);

    [SkippableFact]
    public async Task ThreeSilosOnPostgresGiveTheEmbeddedRunsBytes()
    {
        var address = ClusterServers.Postgres;
        var init = ChildProcess.Provsim("db", "init", "--cluster", address);
        Assert.Equal(0, await init.ExitAsync(TimeSpan.FromMinutes(1)));
        await ThreeSilosGiveTheEmbeddedRunsBytes(address);
    }

    [SkippableFact]
    public async Task ASiloKilledMidRunCostsTimeNotData()
    {
        var (_, embedded, silos, results, run) = await StartOnThreeRedisSilosAsync("killed");

        await SlotsWrittenAsync(results, 25, run);
        silos[1].Kill();
        Assert.True(await run.ExitAsync(TimeSpan.FromMinutes(5)) == 0, run.Output);

        ResultFolders.AssertSameBytes(embedded, results);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "manifest.json")))!;
        Assert.Contains(ClusterId, (string)manifest["cluster"]!);
        Assert.NotEmpty(manifest["recoveries"]!.AsArray());
    }

    // The client dies; the slot it had asked for finishes in the silos; then every silo stops. Nothing
    // of the run is left but the store and the results folder.
    [SkippableFact]
    public async Task AStoppedRunResumesOnRestartedSilosToTheSameBytes() => await StopAndResumeAsync(drain: TimeSpan.FromSeconds(6));

    // The same, with the silos stopped while the slot is still running: grains stop in the middle of the
    // slot and start again on the other silos (losing what they held in memory for the slot) before the
    // last silo stops; the resumed run must still give the same bytes.
    [SkippableFact]
    public async Task ARunWhoseSilosStoppedMidSlotResumesToTheSameBytes() => await StopAndResumeAsync(drain: TimeSpan.Zero);

    private async Task StopAndResumeAsync(TimeSpan drain)
    {
        var (scenario, embedded, silos, results, run) = await StartOnThreeRedisSilosAsync("resumed");

        await SlotsWrittenAsync(results, 30, run);
        run.Kill();
        await Task.Delay(drain);
        await Task.WhenAll(silos.Select(s => s.StopAsync()));
        Assert.False(File.Exists(Path.Combine(results, "slots.csv")));

        await SilosAsync(3, ClusterServers.Redis);
        var resumed = Track(ChildProcess.Provsim("run", scenario, "--cluster", ClusterServers.Redis, "--cluster-id", ClusterId, "--resume", results));
        Assert.True(await resumed.ExitAsync(TimeSpan.FromMinutes(5)) == 0, resumed.Output);

        ResultFolders.AssertSameBytes(embedded, results);
        Assert.False(Directory.Exists(Path.Combine(results, ".resume")));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "manifest.json")))!;
        Assert.True((long)manifest["resumed_at_slot"]! >= 30);
    }

    // The baseline at 100 slots, its embedded run, and the same run started on three new Redis silos.
    private async Task<(string Scenario, string Embedded, ChildProcess[] Silos, string Results, ChildProcess Run)> StartOnThreeRedisSilosAsync(string name)
    {
        var address = ClusterServers.Redis;
        var scenario = _files.Example("baseline", ("slots", "100"));
        var embedded = await EmbeddedAsync(scenario);
        var silos = await SilosAsync(3, address);
        var results = _files.Results(name);
        var run = Track(ChildProcess.Provsim("run", scenario, "--cluster", address, "--cluster-id", ClusterId, "--out", results));
        return (scenario, embedded, silos, results, run);
    }

    private async Task ThreeSilosGiveTheEmbeddedRunsBytes(string address)
    {
        var scenario = _files.Example("baseline", ("slots", "30"));
        var embedded = await EmbeddedAsync(scenario);
        var silos = await SilosAsync(3, address);
        var results = _files.Results("cluster");
        var run = Track(ChildProcess.Provsim("run", scenario, "--cluster", address, "--cluster-id", ClusterId, "--out", results));
        Assert.True(await run.ExitAsync(TimeSpan.FromMinutes(5), silos) == 0, run.Output);
        ResultFolders.AssertSameBytes(embedded, results);
        Assert.Contains("cluster:", run.Output);
    }

    private async Task<string> EmbeddedAsync(string scenario)
    {
        var results = _files.Results("embedded");
        var run = Track(ChildProcess.Provsim("run", scenario, "--out", results));
        Assert.True(await run.ExitAsync(TimeSpan.FromMinutes(5)) == 0, run.Output);
        return results;
    }

    private async Task<ChildProcess[]> SilosAsync(int count, string address)
    {
        return await ChildProcess.SilosAsync(count, address, ClusterId, _processes);
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    // Waits until the run's slots.csv.partial holds this many slots (a resumable run flushes it each slot).
    private static async Task SlotsWrittenAsync(string results, int slots, ChildProcess run)
    {
        var file = Path.Combine(results, "slots.csv.partial");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!File.Exists(file) || File.ReadLines(file).Count() <= slots)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the run wrote fewer than {slots} slots in 3 minutes:\n{run.Output}");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _files.Dispose();
    }
}
