// A resumable run (as on a cluster) that stops — in the middle, or after its last slot but before its
// end was written — continues from its checkpoint into the same folder and gives the bytes of a run
// that never stopped. On the in-process test cluster, so it runs without any server.
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;
using ProverSim.Scenarios.Running;

namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class ResumeTests(ClusterFixture fixture) : IDisposable
{
    private static readonly RunSettings Resumable = RunSettings.OnCluster("the test cluster") with { FirstPause = TimeSpan.Zero, SlotRetries = 0 };

    private readonly ScenarioFiles _files = new();

    [Theory]
    [InlineData(7L, false)]
    [InlineData(-1L, true)]
    public async Task AStoppedRunResumesToTheBytesOfOneThatNeverStopped(long stopAfterSlot, bool afterTheLastSlot)
    {
        var path = _files.Example("baseline", ("slots", "15"));
        var scenario = ScenarioParser.Load(path);
        var whole = _files.Results("whole");
        await ScenarioHarness.RunAsync(fixture.Client, path, whole);

        // The client stops right after a slot's checkpoint: slot 7, or the last slot of the run.
        var stopped = _files.Results("stopped");
        var stop = new StopAfter(r => afterTheLastSlot ? r.Finished : r.Slot == stopAfterSlot);
        await Assert.ThrowsAsync<StopAfter.Stopped>(() => ScenarioRunner.RunAsync(fixture.Client, scenario, 0, stopped, "test", RunLabel.Single, stop, CancellationToken.None, Resumable));
        Assert.False(File.Exists(Path.Combine(stopped, "slots.csv")));
        Assert.True(File.Exists(Path.Combine(stopped, ScenarioRunner.ResumeFolder, "progress.json")));

        var resumed = await ScenarioRunner.ResumeAsync(fixture.Client, scenario, stopped, "test", null, Resumable);
        Assert.Equal(afterTheLastSlot ? stop.LastSlot + 1 : stopAfterSlot + 1, resumed.ResumedAtSlot);
        ResultFolders.AssertSameBytes(whole, stopped);

        Assert.False(Directory.Exists(Path.Combine(stopped, ScenarioRunner.ResumeFolder)));
    }

    [Fact]
    public async Task AnotherScenarioCannotResumeTheRun()
    {
        var stopped = _files.Results("other");
        var scenario = ScenarioParser.Load(_files.Example("baseline", ("slots", "10")));
        await Assert.ThrowsAsync<StopAfter.Stopped>(() => ScenarioRunner.RunAsync(
            fixture.Client, scenario, 0, stopped, "test", RunLabel.Single, new StopAfter(r => r.Slot == 3), CancellationToken.None, Resumable));

        var other = ScenarioParser.Load(_files.Example("baseline", ("slots", "11")));
        var error = await Assert.ThrowsAsync<ResumeException>(() => ScenarioRunner.ResumeAsync(fixture.Client, other, stopped, "test", null, Resumable));
        Assert.Contains("is not the scenario the run in", error.Message);
    }

    public void Dispose() => _files.Dispose();

    // Reported each slot after its checkpoint: throws once the condition holds, as a client that died then.
    private sealed class StopAfter(Func<SlotReport, bool> when) : IProgress<SlotReport>
    {
        public long LastSlot { get; private set; }

        public void Report(SlotReport value)
        {
            LastSlot = value.Slot;
            if (when(value))
            {
                throw new Stopped();
            }
        }

        public sealed class Stopped : Exception;
    }
}
