// The comparison page of a mechanism comparison (mechanisms.html), from mechanisms.csv alone: for each
// sweep point, every figure under each mechanism as its mean over replications with a 95% bootstrap
// interval, what each behaviour earns, whether every mechanism consumed the same trace, and the headline
// figures plotted across mechanisms.
namespace ProverSim.Reports;

public static class MechanismPage
{
    public const string FileName = "mechanisms.html";

    /// <summary>The figures of mechanisms.csv, in its column order, with what each means as the page explains it.</summary>
    public static readonly (string Column, string Label)[] Figures =
    [
        ("workloads", "workloads (arrived in the horizon)"),
        ("completed", "completed (a valid proof reached the user)"),
        ("failed", "failed (a prover ran the program and it ran out of its paid cycles)"),
        ("missed", "missed (nothing delivered: no valid proof of a program that halts, or nobody ran it)"),
        ("missed_rate", "missed-proof rate (missed ÷ (completed + missed))"),
        ("user_cost_per_proof", "user cost per proof (base units the users paid ÷ completed)"),
        ("first_proof_p50_s", "time to first proof, p50 (s)"),
        ("first_proof_p99_s", "time to first proof, p99 (s)"),
        ("user_paid", "paid by users (to provers and burned)"),
        ("minted", "network rewards minted"),
        ("burned", "burned (fees, stake, collateral)"),
        ("return_on_stake", "prover return on stake (net earnings ÷ stake of the members)"),
        ("return_on_hardware", "prover return on hardware (net earnings ÷ hardware cost of their member time)"),
        ("gini", "Gini of members' gross earnings (receipts before losses)"),
        ("hhi", "HHI of members' gross earnings"),
        ("nakamoto", "Nakamoto coefficient of members' gross earnings"),
        ("theil", "Theil index of members' gross earnings"),
        ("earn_nothing_share", "share of members that receive nothing"),
    ];

    private static readonly string[] Plotted = ["user_cost_per_proof", "first_proof_p99_s", "missed_rate", "gini"];

    // The engine's completed, failed, tier rewards and burns per run id: from summary.json for a single
    // run, from runs.csv for an experiment.
    // and the mechanism each ran (a swept `mechanism` is a column of runs.csv).
    private static Dictionary<string, (long[] Figures, string Mechanism)> EngineFigures(string directory)
    {
        var figures = new Dictionary<string, (long[], string)>();
        var runsCsv = Path.Combine(directory, "runs.csv");
        var summary = Path.Combine(directory, "summary.json");
        if (File.Exists(runsCsv))
        {
            var runs = CsvTable.Load(runsCsv);
            var swept = runs.Header.Contains("mechanism");
            var fixedMechanism = EngineMechanism(directory);
            for (var r = 0; r < runs.Rows.Count; r++)
            {
                long At(string column) => long.Parse(runs.Get(r, column), System.Globalization.CultureInfo.InvariantCulture);
                figures[runs.Get(r, "run_id")] = ([At("completed"), At("failed"), At("tier_rewards"), At("fees_burned") + At("slashed")], swept ? runs.Get(r, "mechanism") : fixedMechanism);
            }
        }
        else if (File.Exists(summary) && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(summary)) is { } json)
        {
            var money = json["money"]!;
            figures[(string?)json["run_id"] ?? "run"] = (
                [(long)json["workloads"]!["completed"]!, (long)json["workloads"]!["failed"]!, (long)money["tier_rewards"]!, (long)money["burned"]!],
                (string?)json["mechanism"] ?? "vrf-tiered");
        }

        return figures;
    }

    // The mechanism the engine ran when it is not swept (summary.json's "mechanism"; a run folder's in an experiment).
    private static string EngineMechanism(string directory)
    {
        var summary = Directory.EnumerateFiles(directory, "summary.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
        return summary is not null && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(summary))?["mechanism"] is { } name
            ? (string)name!
            : "vrf-tiered";
    }

    public static string Write(string directory)
    {
        var table = CsvTable.Load(Path.Combine(directory, "mechanisms.csv"));
        var mechanismColumn = table.Header.ToList().IndexOf("mechanism");
        var keys = table.Header.Skip(2).Take(mechanismColumn - 2).ToList();
        var behaviours = table.Header.Where(h => h.StartsWith("net_per_prover_", StringComparison.Ordinal)).ToList();
        var rows = Enumerable.Range(0, table.Rows.Count).ToList();
        var mechanisms = rows.Select(r => table.Get(r, "mechanism")).Distinct().ToList();
        var replications = rows.Select(r => table.Get(r, "replication")).Distinct().Count();

        var html = new Html();
        html.Heading(1, "ProverSim: mechanisms compared on one trace");
        html.Paragraph(
            "Every mechanism replays the same trace of each run — the same arrivals, population, offline spells and beacon randomness — in the mechanism model " +
            "(job durations from each program's exact cycles at each prover's actual speed; no proof is computed). " +
            $"Each value is the mean over {replications} replication{(replications == 1 ? "" : "s")}, with its 95% bootstrap interval when there are several. " +
            "The rules are in Scenarios/README.md, \"Mechanisms\".", note: true);

        var points = rows.GroupBy(r => string.Join(", ", keys.Select(k => $"{k} = {table.Get(r, k)}"))).ToList();
        foreach (var point in points)
        {
            if (keys.Count > 0)
            {
                html.Heading(2, point.Key);
            }

            var runs = point.GroupBy(r => table.Get(r, "run_id")).ToList();
            var identical = runs.Count(run => run.Select(r => table.Get(r, "trace_sha256")).Distinct().Count() == 1);
            html.Paragraph($"Trace check: in {identical} of {runs.Count} runs every mechanism consumed the identical trace (the same SHA-256).", note: identical == runs.Count);

            Estimate Of(string mechanism, string column) =>
                Stats.Bootstrap([.. point.Where(r => table.Get(r, "mechanism") == mechanism).Select(r => double.TryParse(table.Get(r, column), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN)]);

            html.Table(
                ["figure", .. mechanisms],
                Figures.Select(e => (IReadOnlyList<string>)[e.Label, .. mechanisms.Select(m => Html.Estimate(Of(m, e.Column)))]));
            if (behaviours.Count > 0)
            {
                html.Heading(3, "Net earnings per prover, by behaviour (base units)");
                html.Table(
                    ["behaviour", .. mechanisms],
                    behaviours.Select(b => (IReadOnlyList<string>)[b["net_per_prover_".Length..], .. mechanisms.Select(m => Html.Estimate(Of(m, b)))]));
            }

            var engine = EngineFigures(directory);
            var compared = runs.Where(run => engine.TryGetValue(run.Key, out var e) && run.Any(r => table.Get(r, "mechanism") == e.Mechanism)).ToList();
            if (compared.Count > 0)
            {
                html.Heading(3, "The model beside the engine (the same runs, under the engine's mechanism)");
                html.Paragraph(
                    "The engine really proves and verifies every job, runs challenges on the job slots, delays preempted jobs and lets copiers repost; " +
                    "the model does not. A difference here is the model's error on this scenario.", note: true);
                html.Table(
                    ["run", "mechanism", "completed (engine / model)", "failed (engine / model)", "rewards minted (engine / model)", "burned (engine / model)"],
                    compared.Select(run =>
                    {
                        var (figures, mechanism) = engine[run.Key];
                        var model = run.First(r => table.Get(r, "mechanism") == mechanism);
                        return (IReadOnlyList<string>)[run.Key, mechanism, .. new[] { "completed", "failed", "minted", "burned" }.Select((c, i) => $"{figures[i]} / {table.Get(model, c)}")];
                    }));
            }

            foreach (var column in Plotted)
            {
                var label = Figures.Single(e => e.Column == column).Label;
                html.Image(label, Plots.Png(Plots.AgainstParameter("mechanism", mechanisms, [.. mechanisms.Select(m => Of(m, column))], label)));
            }
        }

        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, html.Page("ProverSim: mechanisms compared"));
        return path;
    }
}
