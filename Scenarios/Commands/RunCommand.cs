// `provsim run FILE [--out DIR] [--cluster URL [--cluster-id ID] [--resume DIR]]`: runs a scenario on an
// embedded silo (localhost clustering, memory storage) or as a client of a cluster of silos (Redis or
// PostgreSQL), shows progress, writes the results folder and prints a short table. A run on a cluster
// can be resumed into its results folder after its client (and silos) stopped.
using System.CommandLine;
using Microsoft.Extensions.Hosting;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Scenarios.Experiments;
using ProverSim.Scenarios.Results;
using ProverSim.Scenarios.Running;
using ProverSim.Silo;
using Spectre.Console;

namespace ProverSim.Scenarios.Commands;

public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The scenario file (YAML)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "The results folder (default: results/<scenario name>/)." };
        var cluster = new Option<string?>("--cluster") { Description = $"Run as a client of a running cluster instead of an embedded silo: {Silo.ClusterAddress.Forms}." };
        var clusterId = new Option<string>("--cluster-id") { Description = "The cluster's name in its store (as its silos were started with).", DefaultValueFactory = _ => ClusterConnection.DefaultClusterId };
        var resume = new Option<DirectoryInfo?>("--resume") { Description = "Continue the stopped run whose results folder this is, from its last committed slot (needs --cluster: the cluster it ran on)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final table (no progress)." };
        var json = new Option<bool>("--json") { Description = "Print only the run's summary.json (an experiment's experiment.json) on stdout." };
        var format = new Option<string>("--format")
        {
            Description = "The tables' formats: csv (the default), or csv,parquet to add TABLE.parquet beside each CSV (same columns, typed).",
            DefaultValueFactory = _ => "csv",
        };
        var dashboard = new Option<int?>("--dashboard")
        {
            Description = $"Serve the Orleans Dashboard of the embedded silo on 127.0.0.1 at this port while the run lasts (default {Silo.SiloSetup.DefaultDashboardPort}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var mechanisms = new Option<string?>("--mechanisms")
        {
            Description = $"Also compare these mechanisms on each run's trace (comma-separated; overrides the scenario's `mechanisms`): {string.Join(", ", Grains.Mechanisms.MechanismCatalog.Names)}.",
        };
        var command = new Command(
            "run",
            "Run a scenario (every replication and sweep point) on an embedded silo, or on a cluster, and write its results folder.\n" +
            "Example: provsim run Scenarios/examples/baseline.yaml --cluster redis://127.0.0.1:6379")
        {
            file, output, cluster, clusterId, resume, quiet, json, format, dashboard, mechanisms,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parquet = Formats(parse.GetValue(format)!);
            var plan = ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            if (parse.GetValue(mechanisms) is { } list)
            {
                var chosen = MechanismList(list);
                plan = plan with { Runs = [.. plan.Runs.Select(r => r with { Scenario = r.Scenario with { Mechanisms = chosen } })] };
            }

            ScenarioWarnings.Print(plan);
            var address = parse.GetValue(cluster) is { } text ? ClusterConnection.Parse(text) : null;
            var resumed = parse.GetValue(resume)?.FullName;
            if (resumed is not null && (address is null || !plan.IsSingleRun))
            {
                throw new InputError(address is null
                    ? "--resume: a run resumes on the cluster it ran on: give its --cluster (an embedded run's state ends with its process)"
                    : "--resume: continues a single run; an experiment's finished runs are in its runs/ folder, run the rest again");
            }

            var directory = resumed ?? parse.GetValue(output)?.FullName ?? Path.Combine("results", plan.Name);
            var shown = parse.GetValue(json) ? Shown.Json : parse.GetValue(quiet) ? Shown.Quiet : Shown.Progress;
            int? dashboardPort = parse.GetResult(dashboard) is null ? null : parse.GetValue(dashboard) ?? Silo.SiloSetup.DefaultDashboardPort;
            return await RunAsync(plan, directory, string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), cancellationToken, address, parse.GetValue(clusterId)!, resumed is not null, shown, dashboardPort, parquet);
        });
        return command;
    }

    private static System.Collections.Immutable.ImmutableArray<Grains.Mechanisms.Mechanism> MechanismList(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var allowed = string.Join(", ", Grains.Mechanisms.MechanismCatalog.Names);
        if (names.Length == 0)
        {
            throw new InputError($"--mechanisms: give at least one of {allowed}");
        }

        var chosen = new List<Grains.Mechanisms.Mechanism>();
        foreach (var name in names)
        {
            var mechanism = Grains.Mechanisms.MechanismCatalog.Parse(name) ?? throw new InputError($"--mechanisms: unknown mechanism '{name}'; allowed: {allowed}");
            if (chosen.Contains(mechanism))
            {
                throw new InputError($"--mechanisms: '{name}' is listed twice");
            }

            chosen.Add(mechanism);
        }

        return [.. chosen];
    }

    // "csv" or "csv,parquet" (either order, any case); Parquet comes beside the CSVs, never instead of them.
    private static bool Formats(string text)
    {
        var formats = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => f.ToLowerInvariant()).ToHashSet();
        if (formats.FirstOrDefault(f => f is not ("csv" or "parquet")) is { } unknown)
        {
            throw new InputError($"--format: unknown format '{unknown}'; allowed: csv, or csv,parquet");
        }

        if (!formats.Contains("csv"))
        {
            throw new InputError("--format: the CSVs are always written (the report, verify and --resume read them); for Parquet too, give --format csv,parquet");
        }

        return formats.Contains("parquet");
    }

    /// <summary>What `provsim run` prints: progress and the table, the table alone, or the summary as JSON alone.</summary>
    public enum Shown
    {
        Progress,
        Quiet,
        Json,
    }

    public static async Task<int> RunAsync(
        ExperimentPlan plan, string directory, string commandLine, CancellationToken cancellationToken, Silo.ClusterAddress? cluster = null,
        string clusterId = ClusterConnection.DefaultClusterId, bool resume = false, Shown shown = Shown.Progress, int? dashboardPort = null, bool parquet = false)
    {
        var console = shown == Shown.Json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }) : AnsiConsole.Console;
        var chatty = shown == Shown.Progress ? console : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        var first = plan.Runs[0].Scenario;
        chatty.MarkupLine($"[bold]{Markup.Escape(plan.Name)}[/]: {first.ProverCount} provers, {first.Slots} slots, seed {plan.Seed}" +
            (plan.IsSingleRun ? "" : $"; {plan.Runs.Count} runs ({plan.Runs.Count / plan.Replications} points × {plan.Replications} replications)"));
        var (host, settings) = await ClusterConnection.StartAsync(cluster, clusterId, CancellationToken.None, dashboardPort);
        using var hosted = host;
        if (cluster is not null)
        {
            chatty.MarkupLine($"cluster: {Markup.Escape(settings.Cluster)}");
        }

        if (dashboardPort is { } port)
        {
            chatty.MarkupLine($"dashboard: [link]{Silo.SiloSetup.DashboardAddress(port)}[/]");
        }

        ExperimentOutcome? outcome = null;
        async Task RunAllAsync(Func<PlannedRun, IProgress<SlotReport>?> progress)
        {
            if (resume)
            {
                try
                {
                    var run = await ScenarioRunner.ResumeAsync(host.Client(), plan.Runs[0].Scenario, directory, commandLine, progress(plan.Runs[0]), settings, cancellationToken);
                    outcome = new ExperimentOutcome(directory, [(plan.Runs[0], run)], Interrupted: false);
                }
                catch (ResumeException e)
                {
                    throw new InputError($"--resume: {e.Message}");
                }
            }
            else
            {
                outcome = await ExperimentRunner.RunAsync(host.Client(), plan, directory, commandLine, progress, cancellationToken, settings);
            }
        }

        if (shown != Shown.Progress)
        {
            await RunAllAsync(_ => null);
        }
        else
        {
            // Redrawn four times a second on a terminal; a line every five seconds otherwise.
            var live = LiveView.IsTerminal(console);
            var view = new LiveView(console, Console.Out, plan.Runs.Count, live, live ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5));
            await view.ShowAsync(() => RunAllAsync(run => view.For(run)));
        }

        await host.StopAsync(CancellationToken.None);

        var runs = outcome!.Runs.Where(r => r.Outcome is not null).ToList();
        if (parquet)
        {
            var written = 0;
            foreach (var (run, _) in runs)
            {
                written += (await ParquetTables.WriteAsync(plan.IsSingleRun ? directory : Path.Combine(directory, "runs", run.RunId), CancellationToken.None)).Count;
            }

            chatty.MarkupLine($"parquet: {written} tables written beside the CSVs");
        }

        if (plan.IsSingleRun && runs.Count == 1)
        {
            Print(console, runs[0].Outcome!, directory);
        }
        else if (runs.Count > 0)
        {
            var table = new Table().AddColumns(["run", "replication", .. plan.Keys, "completed", "failed", "unserved", "market fills", "proofs"]);
            foreach (var (run, result) in runs)
            {
                table.AddRow([run.RunId, $"{run.Replication}", .. run.Parameters.Select(p => Markup.Escape(PlannedRun.Label(p.Value))),
                    $"{result!.Totals.Count(WorkloadOutcome.Completed)}", $"{result.Totals.Count(WorkloadOutcome.Failed)}", $"{result.Totals.Count(WorkloadOutcome.Unserved)}",
                    $"{result.Totals.MarketFills}", $"{result.Totals.ProofsVerified}"]);
            }

            console.Write(table);
            console.MarkupLine($"results: [link]{Markup.Escape(Path.GetFullPath(directory))}[/]");
        }

        if (runs.Count > 0)
        {
            chatty.MarkupLine($"report: [link]{Markup.Escape(Reports.ReportWriter.Write(directory))}[/]");
        }

        // The mechanisms of the scenario compared on the trace of every run that completed.
        var compared = plan.Runs[0].Scenario.Mechanisms;
        if (runs.Count > 0 && !compared.IsEmpty)
        {
            var page = MechanismComparison.Write(plan, [.. runs.Select(r => r.Run)], compared, directory);
            chatty.MarkupLine($"mechanisms: {compared.Length} compared on {runs.Count} trace{(runs.Count == 1 ? "" : "s")}: [link]{Markup.Escape(page)}[/]");
        }

        if (shown == Shown.Json && runs.Count > 0)
        {
            var summary = plan.IsSingleRun
                ? Summary.Build(runs[0].Outcome!)
                : System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(directory, ExperimentRunner.ExperimentFile)))!.AsObject();
            summary["results"] = Path.GetFullPath(directory);
            Console.WriteLine(summary.ToJsonString());
        }

        if (outcome.Interrupted)
        {
            Console.Error.WriteLine($"provsim: interrupted: {outcome.Completed} of {plan.Runs.Count} runs complete in {Path.GetFullPath(directory)}; the rest are marked \"not run\"");
            return 130;
        }

        return 0;
    }

    private static void Print(IAnsiConsole console, RunOutcome run, string directory)
    {
        var table = new Table().AddColumns("group", "provers", "tier rewards", "fees", "PoW rewards", "slashed", "mean / prover");
        foreach (var g in Summary.ByGroup(run))
        {
            table.AddRow(g.Group, $"{g.Provers}", $"{g.TierRewards}", $"{g.Fees}", $"{g.PowRewards}", $"{g.Slashed}", $"{(g.Provers == 0 ? 0 : g.Total / (double)g.Provers):0.0}");
        }

        console.Write(table);
        var wall = run.Wall.TotalSeconds;
        var t = run.Totals;
        console.MarkupLine(
            $"workloads {t.Workloads}: completed {t.Count(WorkloadOutcome.Completed)}, failed {t.Count(WorkloadOutcome.Failed)}, " +
            $"unserved {t.Count(WorkloadOutcome.Unserved)}; declines {t.Declines}, market fills {t.MarketFills}; " +
            $"challenges passed {t.ChallengesPassed}, missed {t.ChallengesMissed}");
        console.MarkupLine(
            $"capsules posted {t.CapsulesPosted}, rejected by the validators {t.CapsulesRejected}" +
            (run.Provers.Any(p => p.Setup.Copies) ? $" (copiers reposted {run.Provers.Sum(p => p.CopiesPosted)})" : ""));
        var held = run.Ledger.Held;
        console.MarkupLine($"minted {run.Ledger.Minted}, burned {run.Ledger.Burned}, held {held}: {(run.Ledger.Minted == held + run.Ledger.Burned ? "conserved" : "[red]NOT conserved[/]")}");
        console.MarkupLine(
            $"{t.SlotsRun} slots in {wall:0.00} s ({t.SlotsRun / Math.Max(wall, 1e-9):0.0} slots/s); {t.VmCycles} VM cycles, " +
            $"{t.ProofsVerified} STARK proofs verified ({t.ProofBytes / 1e6:0.0} MB), proving {t.ProvingWallMicros / 1e6:0.0} s of CPU");
        console.MarkupLine($"results: [link]{Markup.Escape(Path.GetFullPath(directory))}[/]");
    }
}
