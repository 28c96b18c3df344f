// `provsim run FILE [--out DIR]`: runs a scenario on an embedded silo (localhost clustering, memory
// storage), shows progress, writes the results folder and prints a short table.
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
        var command = new Command("run", "Run a scenario (every replication and sweep point) on an embedded silo and write its results folder.") { file, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var plan = ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            ScenarioWarnings.Print(plan);
            var directory = parse.GetValue(output)?.FullName ?? Path.Combine("results", plan.Name);
            return await RunAsync(plan, directory, string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(ExperimentPlan plan, string directory, string commandLine, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var first = plan.Runs[0].Scenario;
        console.MarkupLine($"[bold]{Markup.Escape(plan.Name)}[/]: {first.ProverCount} provers, {first.Slots} slots, seed {plan.Seed}" +
            (plan.IsSingleRun ? "" : $"; {plan.Runs.Count} runs ({plan.Runs.Count / plan.Replications} points × {plan.Replications} replications)"));
        using var host = await SiloSetup.StartEmbeddedAsync(CancellationToken.None);
        ExperimentOutcome? outcome = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                IProgress<SlotReport> Progress(PlannedRun run)
                {
                    var slots = run.Scenario.Slots;
                    var task = context.AddTask(run.RunId, maxValue: slots);
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    return new Progress<SlotReport>(r =>
                    {
                        task.Value = Math.Min(r.Slot + 1, slots);
                        var rate = (r.Slot + 1) / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
                        task.Description = $"{run.RunId}: " + (r.Slot < slots ? $"slot {r.Slot + 1}/{slots}" : $"draining (slot {r.Slot + 1})") + $", {rate:0.0} slots/s";
                        if (r.Finished)
                        {
                            task.Value = slots;
                            task.StopTask();
                        }
                    });
                }

                outcome = await ExperimentRunner.RunAsync(host.Client(), plan, directory, commandLine, Progress, cancellationToken);
            });
        await host.StopAsync(CancellationToken.None);

        var runs = outcome!.Runs.Where(r => r.Outcome is not null).ToList();
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
            console.MarkupLine($"report: [link]{Markup.Escape(Reports.ReportWriter.Write(directory))}[/]");
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
