// `provsim loadtest [--options]`: load-tests the allocation path on an embedded silo and
// prints allocations/s beside the raw ping rate of the same run, the latency percentiles, grain calls,
// activations and memory. A bad option value is one line on stderr and exit code 2.
using System.CommandLine;
using System.Globalization;
using ProverSim.Grains.Protocol;
using ProverSim.LoadTest;
using ProverSim.Scenarios.LoadTest;
using ProverSim.Silo;

namespace ProverSim.Scenarios.Commands;

public static class LoadTestCommand
{
    public static Command Create()
    {
        // Values are read as text and checked here, so that every bad value is one line naming the option.
        var provers = Text("--provers", "N", $"Provers in the active set, 1 to {LoadTestOptions.MaxProvers:N0} (default 10000).");
        var rate = Text("--rate", "PER_S|max", "Offered workload arrivals per second (open loop), or 'max' to allocate as fast as possible (default max).");
        var inFlight = Text("--in-flight", "N", "Allocations kept outstanding with --rate max; the most allowed outstanding otherwise (default 256 with skip-execution, 8 with execute, where every accepted job is proved).");
        var k = Text("--k", "K", "Provers drawn per workload (default 3).");
        var declines = Text("--decline-fraction", "F", "Share of provers whose link is too slow for the input, so they decline every offer, 0 to 1 (default 0).");
        var duration = Text("--duration", "SECONDS", "Length of the measurement window (default 20).");
        var warmup = Text("--warmup", "SECONDS", "Load before the window that is not counted (default 2).");
        var ping = Text("--ping-duration", "SECONDS", "Length of the ping measurement (default 3).");
        var mode = Text("--mode", "execute|skip-execution", "Run and prove accepted jobs as a scenario run does, or skip execution and draw cycles and outcomes (default execute).");
        var weight = Text("--weight", "uniform|stake", "Allocation weight (default uniform).");
        var seed = Text("--seed", "N", "Seed of the population, the workloads and the beacon key (default 1).");
        var cluster = Text("--cluster", "URL", $"Load a running cluster instead of a silo in this process: {Silo.ClusterAddress.Forms}.");
        var clusterId = Text("--cluster-id", "ID", "The cluster's name in its store (default provsim).");
        var output = Text("--out", "DIR", "Also write loadtest.csv, latency.csv, latency.png and summary.json to DIR.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the headline figures instead of the table." };

        var command = new Command("loadtest", "Load-test the allocation path (VRF, eligibility, draw, offers, decisions) on an embedded silo or a running cluster.\nExample: provsim loadtest --provers 2000 --mode skip-execution --cluster redis://127.0.0.1:6379")
        {
            provers, rate, inFlight, k, declines, duration, warmup, ping, mode, weight, seed, cluster, clusterId, output, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            LoadTestOptions options;
            Silo.ClusterAddress? address;
            try
            {
                var defaults = new LoadTestOptions();
                address = parse.GetValue(cluster) is { } text ? Cluster(text) : null;
                var chosenMode = Choice(parse.GetValue(mode), "--mode", defaults.Mode, ("execute", LoadTestMode.Execute), ("skip-execution", LoadTestMode.SkipExecution));
                options = new LoadTestOptions
                {
                    Provers = Int(parse.GetValue(provers), "--provers", defaults.Provers, 1, LoadTestOptions.MaxProvers),
                    Rate = Rate(parse.GetValue(rate)),
                    InFlight = Int(parse.GetValue(inFlight), "--in-flight", LoadTestOptions.DefaultInFlight(chosenMode), 1, 100_000),
                    K = Int(parse.GetValue(k), "--k", defaults.K, 1, 64),
                    DeclineFraction = Number(parse.GetValue(declines), "--decline-fraction", defaults.DeclineFraction, 0, 1),
                    Duration = Seconds(parse.GetValue(duration), "--duration", defaults.Duration, allowZero: false),
                    Warmup = Seconds(parse.GetValue(warmup), "--warmup", defaults.Warmup, allowZero: true),
                    PingDuration = Seconds(parse.GetValue(ping), "--ping-duration", defaults.PingDuration, allowZero: false),
                    Mode = chosenMode,
                    Weight = Choice(parse.GetValue(weight), "--weight", defaults.Weight, ("uniform", AllocationWeight.Uniform), ("stake", AllocationWeight.Stake)),
                    Seed = parse.GetValue(seed) is { } s ? Long(s, "--seed") : defaults.Seed,
                    ClusterDisplay = address is null ? null : $"{address.Display} (cluster '{parse.GetValue(clusterId) ?? Running.ClusterConnection.DefaultClusterId}')",
                };
            }
            catch (OptionError e)
            {
                Console.Error.WriteLine($"provsim loadtest: {e.Message}");
                return 2;
            }

            var directory = parse.GetValue(output);
            var id = parse.GetValue(clusterId) ?? Running.ClusterConnection.DefaultClusterId;
            var result = await LoadTestConsole.RunWithProgressAsync(
                options,
                token => address is null ? SiloSetup.StartEmbeddedAsync(token) : Running.ClusterConnection.ConnectAsync(address, id, token),
                cancellationToken);
            if (directory is not null)
            {
                LoadTestFiles.Write(directory, result, string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(result.ToJson().ToJsonString());
            }
            else
            {
                LoadTestConsole.Print(result);
                if (directory is not null)
                {
                    Console.WriteLine($"results: {Path.GetFullPath(directory)} ({string.Join(", ", LoadTestFiles.Files)})");
                }
            }

            return 0;
        });
        return command;
    }

    private static Option<string> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    private static int Int(string? text, string name, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new OptionError($"{name}: must be a whole number from {min} to {max} (got '{text}')");
    }

    private static long Long(string text, string name) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OptionError($"{name}: must be a whole number (got '{text}')");

    private static double Number(string? text, string name, double fallback, double min, double max)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new OptionError($"{name}: must be a number from {min} to {max} (got '{text}')");
    }

    private static TimeSpan Seconds(string? text, string name, TimeSpan fallback, bool allowZero)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && (value > 0 || (allowZero && value == 0)) && value <= 86_400
            ? TimeSpan.FromSeconds(value)
            : throw new OptionError($"{name}: must be a number of seconds {(allowZero ? "≥ 0" : "> 0")} and at most 86400 (got '{text}')");
    }

    private static double? Rate(string? text)
    {
        if (text is null || text == "max")
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 10_000_000
            ? value
            : throw new OptionError($"--rate: must be arrivals per second (> 0) or 'max' (got '{text}')");
    }

    private static T Choice<T>(string? text, string name, T fallback, params (string Name, T Value)[] choices)
    {
        if (text is null)
        {
            return fallback;
        }

        foreach (var (choice, value) in choices)
        {
            if (choice == text)
            {
                return value;
            }
        }

        throw new OptionError($"{name}: must be one of {string.Join(", ", choices.Select(c => c.Name))} (got '{text}')");
    }

    private static Silo.ClusterAddress Cluster(string text)
    {
        try
        {
            return Silo.ClusterAddress.Parse(text);
        }
        catch (Silo.ClusterAddressException e)
        {
            throw new OptionError($"--cluster: {e.Message}");
        }
    }

    private sealed class OptionError(string message) : Exception(message);
}
