// `provsim verify DIR`: re-checks every VRF proof and recomputes every allocation of a results folder.
using System.CommandLine;
using System.Text.Json.Nodes;
using ProverSim.Scenarios.Results;

namespace ProverSim.Scenarios.Commands;

public static class VerifyCommand
{
    private static int VerifyRun(string dir, JsonArray? json)
    {
        var missing = ResultsVerifier.RequiredFiles.Where(f => !File.Exists(Path.Combine(dir, f))).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"provsim verify: {dir}: not a results folder (missing {string.Join(", ", missing)}; give the folder `provsim run` wrote, results/<scenario name>/ unless --out said otherwise)");
            return 2;
        }

        VerifyReport report;
        try
        {
            report = ResultsVerifier.Verify(dir);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
        {
            Console.Error.WriteLine($"provsim verify: {dir}: {e.Message}");
            return 2;
        }

        if (json is not null)
        {
            json.Add(new JsonObject
            {
                ["dir"] = dir,
                ["verified"] = report.Problems.Count == 0,
                ["epochs"] = report.Epochs,
                ["slots"] = report.Slots,
                ["workloads"] = report.Workloads,
                ["problems"] = new JsonArray([.. report.Problems.Select(p => (JsonNode)p)]),
            });
            return report.Problems.Count == 0 ? 0 : 1;
        }

        foreach (var problem in report.Problems)
        {
            Console.WriteLine(problem);
        }

        Console.WriteLine(report.Problems.Count == 0
            ? $"verified: {report.Epochs} epoch seeds, {report.Slots} slot beacons and their random challenges, {report.Workloads} workload allocations and their market draws check out"
            : $"{report.Problems.Count} problem(s) in {report.Epochs} epochs, {report.Slots} slots, {report.Workloads} workloads");
        return report.Problems.Count == 0 ? 0 : 1;
    }

    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "A results folder written by 'provsim run'." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: each run's counts and problems (exit codes unchanged)." };
        var command = new Command(
            "verify",
            "Re-check every VRF proof and recompute every allocation from a results folder (a run, or every run of an experiment); exit 1 names each wrong row.\n" +
            "Example: provsim verify results/baseline")
        {
            directory, json,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var experiment = Path.Combine(dir, Running.ExperimentRunner.ExperimentFile);
            var checkedRuns = parse.GetValue(json) ? new JsonArray() : null;
            int Print(int code)
            {
                if (checkedRuns is not null && code != 2)
                {
                    Console.WriteLine(new JsonObject { ["verified"] = code == 0, ["runs"] = checkedRuns }.ToJsonString());
                }

                return code;
            }

            if (!File.Exists(experiment))
            {
                return Print(VerifyRun(dir, checkedRuns));
            }

            // An experiment: every complete run, in order; the worst exit code wins.
            var runs = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(experiment))?["runs"]?.AsArray()
                .Where(r => r?["status"]?.GetValue<string>() == "complete").Select(r => r!["run_id"]!.GetValue<string>()).ToList() ?? [];
            var code = 0;
            foreach (var run in runs)
            {
                if (checkedRuns is null)
                {
                    Console.WriteLine($"{run}:");
                }

                code = Math.Max(code, VerifyRun(Path.Combine(dir, "runs", run), checkedRuns));
            }

            return Print(code);
        });
        return command;
    }
}
