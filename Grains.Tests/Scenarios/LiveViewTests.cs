// The live view of a run: figures added up from the slot reports (earnings from settlements and passed
// challenges, rates over the time elapsed), shown as plain lines without a terminal and as a redrawn
// panel on one.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Commands;
using ProverSim.Scenarios.Experiments;
using Spectre.Console;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class LiveViewTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    private const string TwoGroups = """
        name: live
        seed: 1
        slots: 10
        protocol: { pow_reward: 10 }
        groups:
          - { name: small, count: 2, hardware: { cpu_cores: 1, speed: 100 } }
          - { name: big, count: 2, hardware: { cpu_cores: 8, speed: 1000 } }
        demand:
          rate: 1
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [3], paid_cycles: 20 }
        """;

    [Fact]
    public void FiguresAddUpTheSlotReportsAndRankTheEarners()
    {
        var run = Plan(TwoGroups).Runs[0];
        var figures = new LiveFigures(run, 1, 1);

        // Slot 0: workload 1 settles, paying prover 3 (big) 40 + 5 and prover 0 (small) 30; the burn is no one's.
        figures.Add(Report(0, active: 4, pending: 2, declines: 1, fills: 1, posted: 3, verified: 2, settled:
        [
            new LedgerEntry(AccountId.Escrow(1), AccountId.Prover(3), 40, EntryKind.TierReward),
            new LedgerEntry(AccountId.Escrow(1), AccountId.Prover(3), 5, EntryKind.Fee),
            new LedgerEntry(AccountId.Escrow(1), AccountId.Prover(0), 30, EntryKind.TierReward),
            new LedgerEntry(AccountId.Escrow(1), null, 7, EntryKind.FeeBurn),
        ]), TimeSpan.FromSeconds(1));

        // Slot 1: prover 0 passes a challenge (PoW reward 10) and prover 2 misses one; nothing settles.
        figures.Add(Report(1, active: 4, pending: 0, declines: 0, fills: 0, posted: 1, verified: 4, settled: [], challenges: [(0, true), (2, false)]), TimeSpan.FromSeconds(4));

        Assert.Equal([(3L, "big", 45L), (0L, "small", 40L)], figures.Top().ToArray());
        Assert.Equal((2L, 4, 0, 0, 0), (figures.SlotsDone, figures.ActiveSet, figures.Pending, figures.LastDeclines, figures.LastMarketFills));
        Assert.Equal((4L, 6L, 1L), (figures.ProofsPosted, figures.ProofsVerified, figures.Settled));
        Assert.Equal(0.5, figures.SlotsPerSecond, 9);
        Assert.Equal(1.5, figures.VerifiedPerSecond, 9);
        Assert.Equal(
            "live: slot 2/10, 0.5 slots/s; active set 4, pending 0; last slot: declines 0, market fills 0; " +
            "proofs posted 4 (1/s), verified 6 (2/s); top earner prover 3 (big) 45",
            figures.Line());
    }

    [Fact]
    public void AResumedRunCountsItsRateFromTheFirstSlotItSees()
    {
        var figures = new LiveFigures(Plan(TwoGroups).Runs[0], 1, 1);
        figures.Add(Report(6, 4, 0, 0, 0, 0, 0, []), TimeSpan.FromSeconds(1));
        figures.Add(Report(7, 4, 0, 0, 0, 0, 0, []), TimeSpan.FromSeconds(2));
        figures.Add(Report(10, 4, 0, 0, 0, 0, 0, [], finished: true), TimeSpan.FromSeconds(4));

        // Resumed at slot 6: slots 6 to 10 (five) done in the 4 s this process ran; past the horizon it is draining.
        Assert.Equal(1.25, figures.SlotsPerSecond, 9);
        Assert.EndsWith("; done", figures.Line());
        Assert.StartsWith("live: draining (slot 11), 1.3 slots/s;", figures.Line());
    }

    [Fact]
    public void WithoutATerminalALineIsPrintedEveryFewSecondsAndAtTheEnd()
    {
        var plan = Plan(TwoGroups);
        var lines = new StringWriter();
        var view = new LiveView(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), lines, 2, live: false, TimeSpan.FromSeconds(5));
        var seconds = 0.0;
        var sink = view.For(plan.Runs[0], () => TimeSpan.FromSeconds(seconds));
        foreach (var slot in Enumerable.Range(0, 10))
        {
            seconds = slot * 1.5;
            sink.Report(Report(slot, 4, 0, 0, 0, 0, 0, [], finished: slot == 9));
        }

        // Shown at 0 s, 6 s (slot 4), 12 s (slot 8) and at the end (slot 9), as run 1 of the 2.
        var printed = lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["slot 1/10", "slot 5/10", "slot 9/10", "slot 10/10"], printed.Select(l => l.Split(": ")[1].Split(',')[0]).ToArray());
        Assert.All(printed, l => Assert.StartsWith($"run 1/2 {plan.Runs[0].RunId}: ", l));
    }

    [Fact]
    public void OnATerminalThePanelShowsTheFiguresAndTheTopEarners()
    {
        var plan = Plan(TwoGroups);
        var figures = new LiveFigures(plan.Runs[1], 2, 3);
        figures.Add(Report(4, 4, 7, 2, 1, 9, 8, [new LedgerEntry(AccountId.Escrow(1), AccountId.Prover(2), 123, EntryKind.TierReward)]), TimeSpan.FromSeconds(2));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 120;
        var written = new StringWriter();
        console.Profile.Out = new AnsiConsoleOutput(written);

        console.Write(figures.Render());

        var text = written.ToString();
        Assert.Contains($"2 of 3: {plan.Runs[1].RunId}", text);
        foreach (var (label, value) in new[] { ("slot", "slot 5/10"), ("active set", "4"), ("pending workloads", "7"), ("declines (last slot)", "2"), ("market fills (last slot)", "1"), ("proofs posted", "9 (5/s)"), ("proofs verified", "8 (4/s)") })
        {
            Assert.Matches($@"│ {System.Text.RegularExpressions.Regex.Escape(label)} +{System.Text.RegularExpressions.Regex.Escape(value)} ", text);
        }

        Assert.Matches(@"2 +big +123", text);
    }

    [Fact]
    public void ARunWithoutATerminalPrintsPlainProgressLines()
    {
        var results = _files.Results("plain");
        var (code, stdout, _) = ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "8")), "--out", results);
        Assert.Equal(0, code);
        var progress = stdout.Split('\n').Where(l => l.StartsWith("baseline: slot ", StringComparison.Ordinal) || l.StartsWith("baseline: draining", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(progress);
        Assert.Matches(@"^baseline: (slot \d+/8|draining \(slot \d+\)), [\d.]+ slots/s; active set \d+, pending \d+; last slot: declines \d+, market fills \d+; proofs posted \d+ \(\d+/s\), verified \d+ \(\d+/s\); top earner prover \d+ \(\w+\) \d+; done$", progress[^1].TrimEnd('\r'));
        Assert.DoesNotContain('\u001b', stdout);
    }

    private ExperimentPlan Plan(string yaml) => ExperimentPlan.Load(_files.Write("live.yaml", yaml.Replace("seed: 1", "seed: 1\nreplications: 3")));

    private static SlotReport Report(
        long slot, int active, int pending, int declines, int fills, int posted, int verified, ImmutableArray<LedgerEntry> settled,
        (long Prover, bool Passed)[]? challenges = null, bool finished = false) =>
        new(slot, 0, active, 0, 0, declines, fills, 0, 0, 0, 0, 0, 0, 0, pending, [], [], [], null, [], 0, 0, verified, 0, posted, 0,
            settled.IsEmpty ? [] : [new WorkloadRecord(new WorkloadArrival(1, 0, slot, 0, 0), 100, null, null, new WorkloadSettlement(slot, settled))],
            finished,
            Challenges: [.. (challenges ?? []).Select((c, i) => new JudgedChallenge(new IssuedChallenge(i, c.Prover, 0, 1, 10, []), 1, c.Passed, c.Passed))]);

    public void Dispose() => _files.Dispose();
}
