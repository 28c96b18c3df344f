// What `provsim run` shows while it works: the slot and slots/s, the active set, the work pending, the
// last slot's declines and market fills, proofs posted and verified per second, the top earners so far
// and, for an experiment, which run of how many. On a terminal it is a live display redrawn in place;
// otherwise (a log, a pipe, CI) a plain line every few seconds and one when each run ends.
using System.Diagnostics;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Experiments;
using ProverSim.Scenarios.Files;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ProverSim.Scenarios.Commands;

/// <summary>The figures of the run in progress, added up from its slot reports.</summary>
public sealed class LiveFigures
{
    /// <summary>How many of the top earners are shown.</summary>
    public const int TopEarners = 5;

    private readonly ScenarioDefinition _scenario;
    private readonly long[] _groupStarts;
    private readonly SortedDictionary<long, long> _earned = [];

    // The first slot this process saw finish: a resumed run starts part-way, and its rate counts from there.
    private long? _firstSlot;

    public LiveFigures(PlannedRun run, int number, int count)
    {
        (Run, Number, Count, _scenario) = (run, number, count, run.Scenario);
        var start = 0L;
        _groupStarts = [.. _scenario.Groups.Select(g => (start += g.Count) - g.Count)];
    }

    public PlannedRun Run { get; }

    /// <summary>This run's number (from 1) among <see cref="Count"/> in the experiment.</summary>
    public int Number { get; }

    public int Count { get; }

    /// <summary>Slots finished (the last one's number + 1); 0 before the first.</summary>
    public long SlotsDone { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public bool Finished { get; private set; }

    public int ActiveSet { get; private set; }

    public int Pending { get; private set; }

    public int LastDeclines { get; private set; }

    public int LastMarketFills { get; private set; }

    public long ProofsPosted { get; private set; }

    public long ProofsVerified { get; private set; }

    public long Settled { get; private set; }

    public double SlotsPerSecond => PerSecond(SlotsDone - (_firstSlot ?? 0));

    public double PostedPerSecond => PerSecond(ProofsPosted);

    public double VerifiedPerSecond => PerSecond(ProofsVerified);

    public void Add(SlotReport report, TimeSpan elapsed)
    {
        Elapsed = elapsed;
        _firstSlot ??= report.Slot;
        SlotsDone = report.Slot + 1;
        Finished = report.Finished;
        ActiveSet = report.ActiveSetSize;
        Pending = report.PendingWorkloads;
        LastDeclines = report.Declines;
        LastMarketFills = report.MarketFills;
        ProofsPosted += report.CapsulesPosted;
        ProofsVerified += report.ProofsVerified;
        Settled += report.Settled.Length;

        // Earned: the tier rewards and fees of settled workloads and the PoW rewards of passed challenges.
        foreach (var entry in report.Settled.Select(w => w.Settlement).OfType<Grains.Actors.Workloads.WorkloadSettlement>().SelectMany(s => s.Entries))
        {
            if (entry.To is { Kind: AccountKind.Prover } to && entry.Kind is EntryKind.TierReward or EntryKind.Fee)
            {
                _earned[to.Id] = _earned.GetValueOrDefault(to.Id) + entry.Amount;
            }
        }

        foreach (var challenge in (report.Challenges.IsDefault ? [] : report.Challenges).Where(c => c.Passed))
        {
            _earned[challenge.Issue.ProverId] = _earned.GetValueOrDefault(challenge.Issue.ProverId) + _scenario.Parameters.PowReward;
        }
    }

    /// <summary>The provers that earned most so far (ties: lower id first), with their group.</summary>
    public IReadOnlyList<(long ProverId, string Group, long Earned)> Top() =>
        [.. _earned.OrderByDescending(e => e.Value).ThenBy(e => e.Key).Take(TopEarners).Select(e => (e.Key, GroupOf(e.Key), e.Value))];

    /// <summary>Where the run stands: "slot 12/61" in the horizon, "draining (slot 64)" after it.</summary>
    public string Where => SlotsDone <= _scenario.Slots ? $"slot {SlotsDone}/{_scenario.Slots}" : $"draining (slot {SlotsDone})";

    /// <summary>The plain progress line.</summary>
    public string Line()
    {
        var top = Top();
        return $"{Prefix}{Where}, {SlotsPerSecond:0.0} slots/s; active set {ActiveSet}, pending {Pending}; " +
            $"last slot: declines {LastDeclines}, market fills {LastMarketFills}; " +
            $"proofs posted {ProofsPosted} ({PostedPerSecond:0}/s), verified {ProofsVerified} ({VerifiedPerSecond:0}/s)" +
            (top.Count == 0 ? "" : $"; top earner prover {top[0].ProverId} ({top[0].Group}) {top[0].Earned}") +
            (Finished ? "; done" : "");
    }

    /// <summary>The live display: figures on the left, the top earners on the right.</summary>
    public IRenderable Render()
    {
        var figures = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().RightAligned());
        if (Count > 1)
        {
            figures.AddRow("[grey]run[/]", Markup.Escape($"{Number} of {Count}: {Run.RunId}"));
        }

        figures.AddRow("[grey]slot[/]", Markup.Escape(Where) + (Finished ? " [green]done[/]" : ""));
        figures.AddRow("[grey]slots/s[/]", $"{SlotsPerSecond:0.0}");
        figures.AddRow("[grey]elapsed[/]", $"{Elapsed:hh\\:mm\\:ss}");
        figures.AddRow("[grey]active set[/]", $"{ActiveSet}");
        figures.AddRow("[grey]pending workloads[/]", $"{Pending}");
        figures.AddRow("[grey]declines (last slot)[/]", $"{LastDeclines}");
        figures.AddRow("[grey]market fills (last slot)[/]", $"{LastMarketFills}");
        figures.AddRow("[grey]proofs posted[/]", $"{ProofsPosted} ({PostedPerSecond:0}/s)");
        figures.AddRow("[grey]proofs verified[/]", $"{ProofsVerified} ({VerifiedPerSecond:0}/s)");
        figures.AddRow("[grey]workloads settled[/]", $"{Settled}");

        var earners = new Table().Border(TableBorder.Simple).AddColumn("prover").AddColumn("group").AddColumn(new TableColumn("earned").RightAligned());
        foreach (var (prover, group, earned) in Top())
        {
            earners.AddRow($"{prover}", Markup.Escape(group), $"{earned}");
        }

        var progress = _scenario.Slots == 0 ? 1 : Math.Min(1.0, SlotsDone / (double)_scenario.Slots);
        var bar = new BreakdownChart().Width(48).HideTags()
            .AddItem("done", Math.Max(progress, 1e-6), Color.Green).AddItem("to go", Math.Max(1 - progress, 1e-6), Color.Grey23);
        return new Panel(new Rows(bar, new Columns(figures, new Panel(earners).Header("top earners").NoBorder())))
            .Header($" {Markup.Escape(_scenario.Name)} ").Expand();
    }

    private string Prefix => Count > 1 ? $"run {Number}/{Count} {Run.RunId}: " : $"{_scenario.Name}: ";

    private string GroupOf(long proverId)
    {
        var index = Array.FindLastIndex(_groupStarts, s => s <= proverId);
        return index < 0 ? "?" : _scenario.Groups[index].Name;
    }

    private double PerSecond(long count) => count / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Feeds each run's slot reports to the live display or to plain lines.</summary>
public sealed class LiveView(IAnsiConsole console, TextWriter lines, int runCount, bool live, TimeSpan lineEvery)
{
    /// <summary>A live display only on a terminal that was not redirected.</summary>
    public static bool IsTerminal(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    private LiveDisplayContext? _context;
    private int _number;

    /// <summary>Runs <paramref name="work"/> with the live display started (on a terminal) or without it.</summary>
    public async Task ShowAsync(Func<Task> work)
    {
        if (!live)
        {
            await work();
            return;
        }

        await console.Live(new Text("starting…")).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            _context = context;
            await work();
        });
    }

    /// <summary>The progress sink of the next run (runs come one after the other).</summary>
    public IProgress<SlotReport> For(PlannedRun run, Func<TimeSpan>? clock = null)
    {
        var figures = new LiveFigures(run, ++_number, runCount);
        var watch = Stopwatch.StartNew();
        clock ??= () => watch.Elapsed;
        TimeSpan? lastShown = null;
        return new Sink(report =>
        {
            var now = clock();
            figures.Add(report, now);
            var due = report.Finished || lastShown is not { } last || now - last >= lineEvery;
            if (!due)
            {
                return;
            }

            lastShown = now;
            if (_context is { } context)
            {
                context.UpdateTarget(figures.Render());
                context.Refresh();
            }
            else
            {
                lines.WriteLine(figures.Line());
            }
        });
    }

    // Reports synchronously, on the runner's own thread, between slots.
    private sealed class Sink(Action<SlotReport> report) : IProgress<SlotReport>
    {
        public void Report(SlotReport value) => report(value);
    }
}
