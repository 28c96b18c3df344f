// Results stream (DESIGN.md §3.1): a workload's row reaches workloads.csv once it has settled, and
// once its slot is committed its grain keeps nothing — storage holds the workloads in flight, not the
// run's history — while the results stay whole.
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Workloads;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class StreamedResultsTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Fact]
    public async Task SettledWorkloadsLeaveStorageOnceTheirSlotIsCommittedAndTheirRowsStay()
    {
        var results = _files.Results("streamed");
        var outcome = await ScenarioHarness.RunAsync(fixture.Client, _files.Example("baseline", ("slots", "15")), results);

        var rows = ScenarioHarness.Rows(results, "workloads.csv");
        var lastSlot = outcome.Totals.SlotsRun - 1;
        Assert.Equal(outcome.Totals.Workloads, rows.Count);
        Assert.Equal(rows.Select((_, i) => (long)i), rows.Select(r => long.Parse(r["workload_id"])));
        var forgotten = rows.Where(r => long.Parse(r["settled_slot"]) < lastSlot).Select(r => long.Parse(r["workload_id"])).ToList();
        Assert.NotEmpty(forgotten);
        foreach (var id in forgotten)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => fixture.Client.GetGrain<IWorkloadGrain>(RunKeys.Of(outcome.Config.RunId, id)).GetRecordAsync());
            Assert.Contains("never arrived", error.Message);
        }

        Assert.DoesNotContain(Directory.GetFiles(results), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    public void Dispose() => _files.Dispose();
}
