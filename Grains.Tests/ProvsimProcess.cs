// Runs the built provsim command as a user would (`dotnet provsim.dll …`) and returns its exit code
// and output, for the command-line tests.
using System.Diagnostics;

namespace ProverSim.Grains.Tests;

public static class ProvsimProcess
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    /// <summary>Runs provsim with extra environment variables (e.g. DOTNET_PROCESSOR_COUNT).</summary>
    public static (int Code, string Stdout, string Stderr) RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "provsim.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "provsim did not exit");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
