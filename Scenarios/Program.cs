// provsim: the ProverSim command line (STYLE.md: `provsim <verb> [args] [--options]`; exit 0 success,
// 1 run failure, 2 bad input or usage; errors are one line).
using System.CommandLine;
using ProverSim.Scenarios.Commands;
using ProverSim.Scenarios.Files;

var root = Provsim.Root();

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"provsim: {error.Message}");
    }

    Console.Error.WriteLine("provsim: see 'provsim --help'");
    return 2;
}

try
{
    return await parse.InvokeAsync(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,

        // Ctrl-C cancels the run's token; the run stops at the next slot boundary and writes what finished.
        ProcessTerminationTimeout = TimeSpan.FromMinutes(10),
    });
}
catch (ScenarioError e)
{
    Console.Error.WriteLine($"provsim: {e.Message}");
    return 2;
}
catch (InputError e)
{
    Console.Error.WriteLine($"provsim: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("provsim: cancelled");
    return 130;
}
catch (Exception e) when (Environment.GetEnvironmentVariable("PROVSIM_DEBUG") is null)
{
    // A failure of the run itself (not of its input): one line; PROVSIM_DEBUG=1 shows the stack trace.
    Console.Error.WriteLine($"provsim: run failed: {e.GetType().Name}: {e.Message} (PROVSIM_DEBUG=1 shows where)");
    return 1;
}
