// `provsim tune FILE --objective METRIC [--minimise|--maximise] [--subject-to "METRIC<=X"]… --budget N`:
// searches the protocol's tier split (at each point of the file's sweep, when it has one) for a goal by successive halving (Experiments/TierSearch.cs) on an
// embedded silo, writes every evaluated point to DIR/tune.csv (rewritten after each run, so an
// interrupted search keeps what it found), each run's results under DIR/runs/, a plot of the objective
// against the evaluations (DIR/tune.png), and prints the best split with its interval.
using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ProverSim.Reports;
using ProverSim.Scenarios.Experiments;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;
using ProverSim.Scenarios.Running;
using ProverSim.Silo;
using Microsoft.Extensions.Hosting;

namespace ProverSim.Scenarios.Commands;

public static class TuneCommand
{
    public const string CsvFile = "tune.csv";
    public const string PlotFile = "tune.png";

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The scenario file (YAML); its protocol.tiers is the first candidate." };
        var objective = new Option<string>("--objective")
        {
            Description = $"What to optimise: {string.Join(", ", TuneMetrics.All.Select(m => $"{m.Key} ({m.Value})"))}.",
            Required = true,
        };
        var minimise = new Option<bool>("--minimise") { Description = "Make the objective as small as possible (the default, but for nakamoto)." };
        var maximise = new Option<bool>("--maximise") { Description = "Make the objective as large as possible (the default for nakamoto)." };
        var subjectTo = new Option<string[]>("--subject-to") { Description = "A constraint on a metric's mean, e.g. \"p99_first_proof_s<=2\" (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var budget = new Option<int>("--budget") { Description = "Runs to spend, at most.", DefaultValueFactory = _ => 32 };
        var candidates = new Option<int?>("--candidates") { Description = "Splits to start from (default: a quarter of the budget, at least 2 and at least one more than the sweep points)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where tune.csv, tune.png and the runs go (default: results/<scenario name>-tune/)." };
        var json = new Option<bool>("--json") { Description = "Print the best split and every evaluation as one JSON object." };
        var command = new Command(
            "tune",
            "Search the tier split (with the file's swept keys) for a goal by successive halving over replications (common random numbers), and print the best with its interval.\n" +
            "Example: provsim tune Scenarios/examples/tier-sweep.yaml --objective gini --minimise --subject-to p99_first_proof_s<=2 --budget 24")
        {
            file, objective, minimise, maximise, subjectTo, budget, candidates, output, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var metric = TuneMetrics.Canonical(parse.GetValue(objective)!);
            if (!TuneMetrics.All.ContainsKey(metric))
            {
                throw new InputError($"--objective: unknown metric '{parse.GetValue(objective)}'; allowed: {string.Join(", ", TuneMetrics.All.Keys)}");
            }

            if (parse.GetValue(minimise) && parse.GetValue(maximise))
            {
                throw new InputError("--minimise and --maximise: give one of them");
            }

            var runs = parse.GetValue(budget);
            if (runs is < 2 or > 10_000)
            {
                throw new InputError($"--budget: between 2 and 10000 runs (got {runs})");
            }

            var given = parse.GetValue(candidates);
            if (given is < 2)
            {
                throw new InputError($"--candidates: at least 2 (got {given})");
            }

            var plan = ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            if (plan.Replications > 1)
            {
                throw new InputError($"tune: {plan.File} has replications; tune chooses how many each candidate gets: remove 'replications'");
            }

            var other = plan.Runs.Select(r => r.Scenario.Mechanism).FirstOrDefault(m => m != Grains.Mechanisms.Mechanism.VrfTiered, Grains.Mechanisms.Mechanism.VrfTiered);
            if (other != Grains.Mechanisms.Mechanism.VrfTiered)
            {
                throw new InputError($"tune: {plan.File} runs {Grains.Mechanisms.MechanismCatalog.Name(other)}, whose reward does not follow the tiers tune searches (remove 'mechanism')");
            }

            if (plan.Keys.Contains("protocol.tiers"))
            {
                throw new InputError($"tune: {plan.File} sweeps protocol.tiers, which tune searches itself: remove it from the sweep (other swept keys are searched with the tiers)");
            }

            // Every sweep point gets its own split as a candidate, so each point is run at least once.
            var points = plan.Runs.Count;
            if (runs < points)
            {
                throw new InputError($"--budget: {runs} runs cannot run each of the {points} sweep points once: give at least {points}");
            }

            if (given < points)
            {
                throw new InputError($"--candidates: {given} cannot hold each of the {points} sweep points' own split: give at least {points}");
            }

            var count = given ?? Math.Min(runs, Math.Max(Math.Max(2, runs / 4), points + 1));

            var down = parse.GetValue(maximise) ? false : parse.GetValue(minimise) || metric != "nakamoto";
            var constraints = (parse.GetValue(subjectTo) ?? []).Select(TuneConstraint.Parse).ToList();
            var directory = parse.GetValue(output)?.FullName ?? Path.Combine("results", plan.Name + "-tune");
            var quiet = parse.GetValue(json);
            var result = await TuneAsync(plan, metric, down, constraints, runs, count, directory, string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), quiet ? TextWriter.Null : Console.Out, cancellationToken);
            if (quiet)
            {
                Console.WriteLine(Json(plan, result, metric, down, constraints, directory).ToJsonString());
            }
            else
            {
                Console.WriteLine($"best tiers {TierSearch.Show(result.BestTiersPpm)}{(plan.Keys.Count == 0 ? "" : $" at {PointLabel(plan, result.BestPoint)}")}: {metric} {Number(result.Mean)} [{Number(result.Low)}, {Number(result.High)}] over {result.Replications} replication(s); {result.Evaluations.Count} runs");
                Console.WriteLine($"tune.csv and tune.png: {Path.GetFullPath(directory)}");
            }

            // No split met the constraints: the least bad is shown, and the exit code says so.
            if (!result.Feasible)
            {
                Console.Error.WriteLine($"provsim tune: no split met {string.Join(", ", constraints)} on average; the one shown is the best of those that did not (relax a constraint, or give more --budget or --candidates)");
                return 1;
            }

            return 0;
        });
        return command;
    }

    public static async Task<TuneResult> TuneAsync(
        ExperimentPlan plan, string metric, bool minimise, IReadOnlyList<TuneConstraint> constraints, int budget, int count, string directory,
        string commandLine, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var scenario = plan.Runs[0].Scenario;
        var points = plan.Runs.OrderBy(r => r.Point).ToList();
        var candidates = TierSearch.Candidates([.. points.Select(p => p.Scenario.Parameters.TiersPpm)], count, scenario.Seed);
        log.WriteLine($"{scenario.Name}: tuning the tiers{(plan.Keys.Count == 0 ? "" : $" and {string.Join(", ", plan.Keys)} ({points.Count} sweep points)")} for {(minimise ? "the least" : "the most")} {metric}" +
            (constraints.Count == 0 ? "" : $" subject to {string.Join(", ", constraints)}") + $": {candidates.Count} candidates, at most {budget} runs");
        var (host, _) = await ClusterConnection.StartAsync(null, ClusterConnection.DefaultClusterId, CancellationToken.None, null);
        using var hosted = host;
        var runs = 0;
        async Task<IReadOnlyDictionary<string, double>> EvaluateAsync(int candidate, TuneCandidate chosen, int replication)
        {
            // The point's values and the split, set in the file's tree and parsed again, as a sweep point is:
            // programs that take the protocol's tiers follow.
            var tiers = chosen.TiersPpm;
            var point = points[chosen.Point];
            var run = ExperimentPlan.With(plan.File, plan.Bytes, [.. point.Values, ("protocol.tiers",
                new YamlDotNet.RepresentationModel.YamlSequenceNode(tiers.Select(t => new YamlDotNet.RepresentationModel.YamlScalarNode((t / (double)Grains.Protocol.ProtocolParameters.Ppm).ToString("R", CultureInfo.InvariantCulture)))))]);
            var folder = Path.Combine(directory, "runs", $"c{candidate:D3}-r{replication}");
            var label = new RunLabel($"c{candidate:D3}-r{replication}", [.. point.Parameters, ("protocol.tiers", JsonNode.Parse(TierSearch.Show(tiers)))]);
            await ScenarioRunner.RunAsync(host.Client(), run, replication, folder, commandLine, label, null, cancellationToken);
            var metrics = Measure(RunData.Load(folder));
            log.WriteLine($"  run {++runs}/{budget}: tiers {TierSearch.Show(tiers)}{(plan.Keys.Count == 0 ? "" : $" at {PointLabel(plan, chosen.Point)}")} replication {replication}: {metric} {Number(metrics[metric])}");
            return metrics;
        }

        // tune.csv is rewritten after each run, so an interrupted search keeps what it found.
        var result = await TierSearch.RunAsync(
            candidates, budget, metric, minimise, constraints, EvaluateAsync, evaluations => WriteCsv(Path.Combine(directory, CsvFile), plan, evaluations), cancellationToken);
        await host.StopAsync(CancellationToken.None);
        File.WriteAllBytes(Path.Combine(directory, PlotFile), Plots.Png(Plots.TuneProgress(
            [.. result.Evaluations.Select(e => e.Metrics[metric])], [.. result.Evaluations.Select(e => e.Feasible)], metric, minimise)));
        return result;
    }

    /// <summary>A run's metrics, from its results folder.</summary>
    public static IReadOnlyDictionary<string, double> Measure(RunData run)
    {
        var stats = RunStatistics.Of(run);
        var completed = run.Workloads.Count(w => w.Outcome == "completed");
        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["gini"] = stats.All.Gini,
            ["nakamoto"] = stats.All.Nakamoto,
            ["p99_first_proof"] = stats.FirstProof.Count == 0 ? double.NaN : stats.FirstProof.P99 / 1000,
            ["user_cost"] = completed == 0 ? double.NaN : (run.Provers.Sum(p => p.Fees) + run.Workloads.Sum(w => w.Burned)) / completed,
        };
    }

    // A sweep point's values as "key = value, …".
    private static string PointLabel(ExperimentPlan plan, int point) =>
        string.Join(", ", plan.Runs.First(r => r.Point == point).Parameters.Select(p => $"{p.Key} = {PlannedRun.Label(p.Value)}"));

    private static JsonObject PointJson(ExperimentPlan plan, int point) =>
        new(plan.Runs.First(r => r.Point == point).Parameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    // The swept keys' values come after the tiers, one column each (none without a sweep).
    private static void WriteCsv(string path, ExperimentPlan plan, IReadOnlyList<TuneEvaluation> evaluations) =>
        Results.CsvFile.Write(path, ["evaluation", "round", "candidate", "tiers", .. plan.Keys, "replication", .. TuneMetrics.All.Keys, "feasible"], evaluations.Select((e, i) => (IEnumerable<object?>)
        [
            i + 1, e.Round, e.Candidate, TierSearch.Show(e.TiersPpm), .. plan.Runs.First(r => r.Point == e.Point).Parameters.Select(p => PlannedRun.Label(p.Value)),
            e.Replication, .. TuneMetrics.All.Keys.Select(k => (object?)Round(e.Metrics[k])), e.Feasible,
        ]));

    private static JsonObject Json(ExperimentPlan plan, TuneResult result, string metric, bool minimise, IReadOnlyList<TuneConstraint> constraints, string directory) => new()
    {
        ["objective"] = metric,
        ["direction"] = minimise ? "minimise" : "maximise",
        ["constraints"] = new JsonArray([.. constraints.Select(c => (JsonNode)c.ToString())]),
        ["best_tiers"] = JsonNode.Parse(TierSearch.Show(result.BestTiersPpm)),
        ["best_point"] = PointJson(plan, result.BestPoint),
        ["mean"] = Round(result.Mean),
        ["low"] = Round(result.Low),
        ["high"] = Round(result.High),
        ["replications"] = result.Replications,
        ["feasible"] = result.Feasible,
        ["runs"] = result.Evaluations.Count,
        ["results"] = Path.GetFullPath(directory),
        ["evaluations"] = new JsonArray([.. result.Evaluations.Select(e => (JsonNode)new JsonObject
        {
            ["round"] = e.Round,
            ["candidate"] = e.Candidate,
            ["tiers"] = JsonNode.Parse(TierSearch.Show(e.TiersPpm)),
            ["point"] = PointJson(plan, e.Point),
            ["replication"] = e.Replication,
            ["metrics"] = new JsonObject(e.Metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)Round(m.Value)))),
            ["feasible"] = e.Feasible,
        })]),
    };

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 6);

    private static string Number(double value) => double.IsNaN(value) ? "—" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
