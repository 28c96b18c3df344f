// `provsim run FILE [--out DIR]`: runs a scenario on an embedded silo (localhost clustering, memory
// storage), shows progress, writes the results folder and prints a short table.
using System.CommandLine;
using Microsoft.Extensions.Hosting;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Scenarios.Files;
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
        var command = new Command("run", "Run a scenario on an embedded silo and write its results folder.") { file, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var scenario = ScenarioParser.Load(parse.GetValue(file)!.FullName);
            var directory = parse.GetValue(output)?.FullName ?? Path.Combine("results", scenario.Name);
            return await RunAsync(scenario, directory, string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(ScenarioDefinition scenario, string directory, string commandLine, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        console.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/]: {scenario.ProverCount} provers, {scenario.Slots} slots, seed {scenario.Seed}");
        using var host = await SiloSetup.StartEmbeddedAsync(cancellationToken);
        RunOutcome? outcome = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("slots", maxValue: scenario.Slots);
                var progress = new Progress<Grains.Actors.Simulation.SlotReport>(r =>
                {
                    task.Value = Math.Min(r.Slot + 1, scenario.Slots);
                    task.Description = r.Slot < scenario.Slots ? $"slot {r.Slot + 1}/{scenario.Slots}" : $"draining (slot {r.Slot + 1})";
                });
                outcome = await ScenarioRunner.RunAsync(host.Client(), scenario, replication: 0, progress, cancellationToken);
                task.Value = scenario.Slots;
            });
        await host.StopAsync(CancellationToken.None);

        ResultsWriter.Write(directory, outcome!, commandLine);
        Print(console, outcome!, directory);
        console.MarkupLine($"report: [link]{Markup.Escape(Reports.ReportWriter.Write(directory))}[/]");
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
        console.MarkupLine(
            $"workloads {run.Workloads.Length}: completed {Summary.Count(run, WorkloadOutcome.Completed)}, failed {Summary.Count(run, WorkloadOutcome.Failed)}, " +
            $"unserved {Summary.Count(run, WorkloadOutcome.Unserved)}; declines {run.Slots.Sum(s => s.Declines)}, market fills {run.Slots.Sum(s => s.MarketFills)}; " +
            $"challenges passed {run.Slots.Sum(s => s.ChallengesPassed)}, missed {run.Slots.Sum(s => s.ChallengesMissed)}");
        var rejected = run.Slots.Sum(s => s.CapsulesRejected);
        console.MarkupLine(
            $"capsules posted {run.Slots.Sum(s => s.CapsulesPosted)}, rejected by the validators {rejected}" +
            (run.Provers.Any(p => p.Setup.Copies) ? $" (copiers reposted {run.Provers.Sum(p => p.CopiesPosted)})" : ""));
        var held = run.Ledger.Balances.Sum(b => b.Balance);
        console.MarkupLine($"minted {run.Ledger.Minted}, burned {run.Ledger.Burned}, held {held}: {(run.Ledger.Minted == held + run.Ledger.Burned ? "conserved" : "[red]NOT conserved[/]")}");
        console.MarkupLine(
            $"{run.Slots.Length} slots in {wall:0.00} s ({run.Slots.Length / Math.Max(wall, 1e-9):0.0} slots/s); {run.Slots.Sum(s => s.VmCycles)} VM cycles, " +
            $"{run.Slots.Sum(s => s.ProofsVerified)} STARK proofs verified ({run.Slots.Sum(s => s.ProofBytes) / 1e6:0.0} MB), proving {run.Slots.Sum(s => s.ProvingWallMicros) / 1e6:0.0} s of CPU");
        console.MarkupLine($"results: [link]{Markup.Escape(Path.GetFullPath(directory))}[/]");
    }
}
