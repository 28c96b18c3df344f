// Runs every planned run of an experiment in order on one cluster and writes the results folder as it
// goes: a single run is written as the folder itself; several runs go to runs/<id>/,
// each written to runs/<id>.partial and renamed when complete, with experiment.json and runs.csv
// rewritten after every run. Cancellation (Ctrl-C) stops at the next slot boundary: finished runs keep
// complete files, the rest are marked "not run" and the experiment "interrupted".
using System.Globalization;
using System.Text.Json.Nodes;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Experiments;
using ProverSim.Scenarios.Results;

namespace ProverSim.Scenarios.Running;

public sealed record ExperimentOutcome(string Directory, IReadOnlyList<(PlannedRun Run, RunOutcome? Outcome)> Runs, bool Interrupted)
{
    public int Completed => Runs.Count(r => r.Outcome is not null);
}

public static class ExperimentRunner
{
    public const string ExperimentFile = "experiment.json";
    public const string RunsFile = "runs.csv";

    public static async Task<ExperimentOutcome> RunAsync(
        IClusterClient client, ExperimentPlan plan, string directory, string commandLine, Func<PlannedRun, IProgress<SlotReport>?>? progressFor = null,
        CancellationToken cancellationToken = default, RunSettings? settings = null)
    {
        var started = DateTimeOffset.UtcNow;
        var results = plan.Runs.Select(r => (Run: r, Outcome: (RunOutcome?)null)).ToList();
        var rows = new List<object?[]>();
        var interrupted = false;
        Directory.CreateDirectory(directory);
        if (!plan.IsSingleRun)
        {
            File.WriteAllBytes(Path.Combine(directory, "scenario.yaml"), plan.Bytes);
            WriteExperiment(plan, directory, commandLine, started, null, results, false);
        }

        for (var i = 0; i < results.Count; i++)
        {
            var run = results[i].Run;
            var label = new RunLabel(run.RunId, run.Parameters);
            var final = plan.IsSingleRun ? directory : Path.Combine(directory, "runs", run.RunId);
            var partial = plan.IsSingleRun ? directory : final + ".partial";
            if (!plan.IsSingleRun && Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            RunOutcome outcome;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcome = await ScenarioRunner.RunAsync(client, run.Scenario, run.Replication, partial, commandLine, label, progressFor?.Invoke(run), cancellationToken, settings);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                if (!plan.IsSingleRun && Directory.Exists(partial))
                {
                    Directory.Delete(partial, recursive: true);
                }

                break;
            }

            if (!plan.IsSingleRun)
            {
                if (Directory.Exists(final))
                {
                    Directory.Delete(final, recursive: true);
                }

                Directory.Move(partial, final);
                rows.Add(Row(run, outcome));
                CsvFile.Write(Path.Combine(directory, RunsFile), Header(plan), rows);
                WriteExperiment(plan, directory, commandLine, started, null, results.Select((r, j) => j == i ? (r.Run, outcome) : r).ToList(), false);
            }

            results[i] = (run, outcome);
        }

        if (!plan.IsSingleRun)
        {
            WriteExperiment(plan, directory, commandLine, started, DateTimeOffset.UtcNow, results, interrupted);
        }

        return new ExperimentOutcome(directory, results, interrupted);
    }

    private static string[] Header(ExperimentPlan plan) =>
    [
        "run_id", "replication", .. plan.Keys, "workloads", "completed", "failed", "unserved", "declines", "market_fills", "challenges_passed", "challenges_missed",
        "tier_rewards", "fees_paid", "pow_rewards", "fees_burned", "slashed", "proofs_verified", "capsules_rejected",
    ];

    // One line per run: its parameters and headline figures (no wall-clock time, so the file is reproducible).
    private static object?[] Row(PlannedRun run, RunOutcome outcome)
    {
        var summary = Summary.Build(outcome);
        var money = summary["money"]!;
        var t = outcome.Totals;
        return
        [
            run.RunId, run.Replication, .. run.Parameters.Select(p => PlannedRun.Label(p.Value)),
            t.Workloads, t.Count(WorkloadOutcome.Completed), t.Count(WorkloadOutcome.Failed), t.Count(WorkloadOutcome.Unserved),
            t.Declines, t.MarketFills, t.ChallengesPassed, t.ChallengesMissed,
            (long)money["tier_rewards"]!, (long)money["fees_paid"]!, (long)money["pow_rewards"]!, (long)money["fees_burned"]!, (long)money["slashed"]!,
            t.ProofsVerified, t.CapsulesRejected,
        ];
    }

    private static void WriteExperiment(
        ExperimentPlan plan, string directory, string commandLine, DateTimeOffset started, DateTimeOffset? ended, IReadOnlyList<(PlannedRun Run, RunOutcome? Outcome)> runs, bool interrupted)
    {
        var json = new JsonObject
        {
            ["tool"] = "provsim",
            ["tool_version"] = typeof(ExperimentRunner).Assembly.GetName().Version?.ToString(),
            ["git_commit"] = ResultsWriter.GitCommit(),
            ["command"] = commandLine,
            ["scenario_file"] = Path.GetFullPath(plan.File),
            ["scenario_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(plan.Bytes)),
            ["seed"] = plan.Seed,
            ["replications"] = plan.Replications,
            ["sweep"] = new JsonObject { ["mode"] = plan.Mode, ["keys"] = new JsonArray([.. plan.Keys.Select(k => JsonValue.Create(k))]) },
            ["started_utc"] = started.ToString("O", CultureInfo.InvariantCulture),
            ["ended_utc"] = ended?.ToString("O", CultureInfo.InvariantCulture),
            ["interrupted"] = interrupted,
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
            {
                ["run_id"] = r.Run.RunId,
                ["replication"] = r.Run.Replication,
                ["parameters"] = new JsonObject(r.Run.Parameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
                ["status"] = r.Outcome is null ? "not run" : "complete",
            })]),
        };
        AtomicFile.WriteAllText(Path.Combine(directory, ExperimentFile), json.ToJsonString(ResultsWriter.Json) + "\n");
    }
}
