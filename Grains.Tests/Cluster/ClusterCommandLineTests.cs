// The cluster options' bad input: memory storage is no cluster's (it dies with its silo), an address
// that is not one is named with the forms allowed, and --resume needs the cluster the run ran on.
namespace ProverSim.Grains.Tests.Cluster;

[Collection(ClusterProcessCollection.Name)]
public sealed class ClusterCommandLineTests
{
    [Fact]
    public void MemoryStorageIsRefusedForACluster()
    {
        var (code, _, stderr) = ProvsimProcess.Run("run", Path.Combine(RepoPaths.Examples, "baseline.yaml"), "--cluster", "memory://local");
        Assert.Equal(2, code);
        Assert.Contains("--cluster: 'memory://local': memory storage cannot survive a silo", stderr);
    }

    [Fact]
    public async Task ASiloRefusesMemoryStorageAndBadAddressesToo()
    {
        foreach (var (address, reason) in new[] { ("memory://local", "memory storage cannot survive a silo"), ("mysql://x/y", "unknown store 'mysql'"), ("redis://h/abc", "the Redis database must be a number") })
        {
            var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Silo.dll"), "--cluster", address]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(2, process.ExitCode);
            Assert.Contains(reason, stderr);
        }
    }

    [Fact]
    public void ResumeNeedsTheClusterTheRunRanOn()
    {
        var (code, _, stderr) = ProvsimProcess.Run("run", Path.Combine(RepoPaths.Examples, "baseline.yaml"), "--resume", Path.GetTempPath());
        Assert.Equal(2, code);
        Assert.Contains("--resume: a run resumes on the cluster it ran on: give its --cluster", stderr);
    }

    [Fact]
    public async Task ASiloServesTheOrleansDashboardWhenAsked()
    {
        var port = ProverSim.Silo.SiloSetup.FreeLoopbackPorts().Silo;
        var (siloPort, gatewayPort) = ProverSim.Silo.SiloSetup.FreeLoopbackPorts();
        using var silo = await ChildProcess.StartAsync("Silo.dll", ["--dashboard", $"{port}", "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}"], "silo ready");
        Assert.Contains($"dashboard http://127.0.0.1:{port}/", silo.Output);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        Assert.Contains("<title>Orleans Dashboard", await http.GetStringAsync(""));
        // The dashboard gathers its counters every few seconds: the silo appears among its hosts.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        System.Text.Json.Nodes.JsonArray hosts;
        while ((hosts = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("DashboardCounters"))!["hosts"]!.AsArray()).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the dashboard showed no silo within 30 s");
            await Task.Delay(500);
        }

        Assert.Equal("Active", (string)hosts[0]!["status"]!);
        await silo.StopAsync();
        Assert.Contains("silo stopped", silo.Output);
    }
}
