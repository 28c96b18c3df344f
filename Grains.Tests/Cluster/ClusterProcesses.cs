// What the cluster tests run: real servers (Redis, PostgreSQL) named by PROVSIM_TEST_REDIS and
// PROVSIM_TEST_POSTGRES (`.ci/servers.sh` starts both and sets them), and separate processes on loopback
// — silos (`dotnet Silo.dll --cluster …`) and `provsim` itself. Without a server a test is skipped,
// never passed; where PROVSIM_REQUIRE_SERVERS is set (CI) it fails, saying what is missing.
using System.Diagnostics;
using System.Text;

namespace ProverSim.Grains.Tests.Cluster;

public static class ClusterServers
{
    public static string Redis => Require("PROVSIM_TEST_REDIS", "a Redis server");

    public static string Postgres => Require("PROVSIM_TEST_POSTGRES", "a PostgreSQL database");

    private static string Require(string variable, string what)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } address)
        {
            return address;
        }

        throw Missing($"this test needs {what}: set {variable} (`source .ci/servers.sh` starts one on loopback and sets it)");
    }

    /// <summary>The system libcrypto's implementation a crypto test asked for, or that test skipped (failed in CI).</summary>
    public static T LibCrypto<T>(T? loaded)
        where T : class =>
        loaded ?? throw Missing("this test needs the system libcrypto (libcrypto.so.3 or .so.1.1; .NET itself needs it on Linux), and PROVSIM_LIBCRYPTO must not be off");

    /// <summary>
    /// What a test that needs something this machine lacks does: in CI (PROVSIM_REQUIRE_SERVERS) it fails
    /// with the message; elsewhere it is reported as skipped, never passed.
    /// </summary>
    public static SkipException Missing(string message)
    {
        Assert.True(Environment.GetEnvironmentVariable("PROVSIM_REQUIRE_SERVERS") is null, message);
        return new SkipException(message);
    }
}

/// <summary>A process of the build output (a silo, or provsim), its output gathered as it comes.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string dll, IEnumerable<string> args, string? readyLine)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        void Gather(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (readyLine is not null && line.StartsWith(readyLine, StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }

        _process.OutputDataReceived += (_, e) => Gather(e.Data);
        _process.ErrorDataReceived += (_, e) => Gather(e.Data);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{dll} exited before it was ready:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (readyLine is null)
        {
            _ready.TrySetResult();
        }
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A process of the build output, started and ready (it printed a line starting with <paramref name="readyLine"/>); killed if it is not.</summary>
    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> args, string readyLine)
    {
        var process = new ChildProcess(dll, args, readyLine);
        try
        {
            await process._ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Several silos of the cluster at <paramref name="address"/>, started at once and ready. Each is
    /// added to <paramref name="started"/> as it starts, so the caller stops them whatever happens.
    /// </summary>
    public static async Task<ChildProcess[]> SilosAsync(int count, string address, string clusterId, List<ChildProcess> started)
    {
        var silos = Enumerable.Range(0, count).Select(_ => new ChildProcess("Silo.dll", ["--cluster", address, "--cluster-id", clusterId], "silo ready")).ToArray();
        started.AddRange(silos);
        await Task.WhenAll(silos.Select(s => s._ready.Task.WaitAsync(TimeSpan.FromSeconds(90))));
        return silos;
    }

    /// <summary>provsim with these arguments, running.</summary>
    public static ChildProcess Provsim(params string[] args) => new("provsim.dll", args, null);

    /// <summary>
    /// Waits for the process to end and returns its exit code. A process that does not end fails the test
    /// with its output and, when given, the output of the processes it talks to (a cluster's silos), so a
    /// stall says where it happened.
    /// </summary>
    public async Task<int> ExitAsync(TimeSpan timeout, IReadOnlyList<ChildProcess>? peers = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            var others = peers is null ? "" : string.Concat(peers.Select((p, i) => $"\n--- peer {i}, last lines:\n{string.Join('\n', p.Output.Split('\n').TakeLast(40))}"));
            Assert.Fail($"the process did not end within {timeout}:\n{Output}{others}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process dies at once, with no goodbye to its cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM: a silo stops gracefully.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", $"{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        await ExitAsync(TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
