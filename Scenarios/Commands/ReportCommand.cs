// `provsim report DIR`: rebuilds report.html and plots/ of a results folder (a run, or a folder of runs)
// from its CSVs alone. `provsim compare DIR1 DIR2 [--out FILE]`: two runs or experiments side by side.
using System.CommandLine;
using ProverSim.Reports;

namespace ProverSim.Scenarios.Commands;

public static class ReportCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("dir") { Description = "A results folder (written by provsim run)." };
        var command = new Command("report", "Rebuild report.html and plots/ of a results folder from its CSVs.\nExample: provsim report results/baseline") { folder };
        command.SetAction(parse =>
        {
            var path = Guarded(() => ReportWriter.Write(parse.GetValue(folder)!.FullName));
            Console.WriteLine($"report: {path}");
            return 0;
        });
        return command;
    }

    public static Command Compare()
    {
        var first = new Argument<DirectoryInfo>("dir1") { Description = "The first results folder." };
        var second = new Argument<DirectoryInfo>("dir2") { Description = "The second results folder." };
        var output = new Option<FileInfo?>("--out") { Description = "The page to write (default: DIR1/compare-<name of DIR2>.html)." };
        var command = new Command("compare", "Show two runs or sweeps side by side in one HTML page.\nExample: provsim compare results/baseline results/copiers") { first, second, output };
        command.SetAction(parse =>
        {
            var a = parse.GetValue(first)!.FullName;
            var b = parse.GetValue(second)!.FullName;
            var path = parse.GetValue(output)?.FullName ?? Path.Combine(a, $"compare-{Path.GetFileName(Path.TrimEndingDirectorySeparator(b))}.html");
            Guarded(() => Comparison.Write(a, b, path));
            Console.WriteLine($"comparison: {path}");
            return 0;
        });
        return command;
    }

    // A results folder that is missing or malformed is bad input: one line, exit 2.
    private static T Guarded<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (InvalidDataException e)
        {
            throw new InputError(e.Message);
        }
    }
}
