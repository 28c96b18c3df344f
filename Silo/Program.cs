// A standalone ProverSim silo. With --cluster it is one silo of a cluster whose membership and grain
// state live in Redis or PostgreSQL (start as many as you like; ports default to free ones). Without it,
// it is the embedded configuration on its own (localhost clustering, memory storage, Orleans' usual
// ports). Ctrl-C or SIGTERM stops it gracefully: its grains deactivate and the cluster hears it leave.
using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProverSim.Silo;

var cluster = new Option<string?>("--cluster") { Description = $"The cluster's store: {ClusterAddress.Forms}. Without it: a lone embedded silo with memory storage." };
var clusterId = new Option<string>("--cluster-id") { Description = "The cluster's name in its store (silos and clients of one cluster give the same).", DefaultValueFactory = _ => "provsim" };
var host = new Option<string>("--host") { Description = "The address to listen on and advertise to the cluster.", DefaultValueFactory = _ => "127.0.0.1" };
var siloPort = new Option<int?>("--silo-port") { Description = "Port for silo-to-silo traffic (default: a free one; 11111 without --cluster)." };
var gatewayPort = new Option<int?>("--gateway-port") { Description = "Port clients connect to (default: a free one; 30000 without --cluster)." };
var verbose = new Option<bool>("--verbose") { Description = "Log Orleans' information messages too." };
var dashboard = new Option<int?>("--dashboard")
{
    Description = $"Serve the Orleans Dashboard (grain counts, calls/s, latencies per grain type) on 127.0.0.1 at this port (default {SiloSetup.DefaultDashboardPort}).",
    Arity = ArgumentArity.ZeroOrOne,
};
var root = new RootCommand(
    "A ProverSim silo. Example, a three-silo cluster on Redis:\n" +
    "  dotnet run --project Silo -- --cluster redis://127.0.0.1:6379   (three times, in three terminals)\n" +
    "  dotnet run --project Scenarios -- run Scenarios/examples/baseline.yaml --cluster redis://127.0.0.1:6379")
{
    cluster, clusterId, host, siloPort, gatewayPort, dashboard, verbose,
};
root.SetAction(async (parse, cancellationToken) =>
{
    ClusterAddress? address;
    IPAddress listen;
    try
    {
        address = parse.GetValue(cluster) is { } text ? ClusterAddress.Parse(text) : null;
        listen = IPAddress.TryParse(parse.GetValue(host), out var ip) ? ip : throw new ClusterAddressException($"--host: '{parse.GetValue(host)}' is not an IP address");
    }
    catch (ClusterAddressException e)
    {
        Console.Error.WriteLine($"silo: {e.Message}");
        return 2;
    }

    var free = SiloSetup.FreeLoopbackPorts();
    var ports = address is null
        ? (Silo: parse.GetValue(siloPort) ?? 11111, Gateway: parse.GetValue(gatewayPort) ?? 30000)
        : (Silo: parse.GetValue(siloPort) ?? free.Silo, Gateway: parse.GetValue(gatewayPort) ?? free.Gateway);
    int? dashboardPort = parse.GetResult(dashboard) is null ? null : parse.GetValue(dashboard) ?? SiloSetup.DefaultDashboardPort;
    using var app = SiloSetup.BuildHost(
        silo =>
        {
            if (address is null)
            {
                silo.UseEmbedded(ports.Silo, ports.Gateway);
            }
            else
            {
                silo.UseCluster(address, parse.GetValue(clusterId)!, listen, ports.Silo, ports.Gateway);
            }
        },
        dashboardPort,
        parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
    try
    {
        await app.StartAsync(cancellationToken);
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        Console.Error.WriteLine($"silo: could not join {(address?.Display ?? "the embedded cluster")}: {e.GetBaseException().Message}");
        return 1;
    }

    Console.WriteLine(
        $"silo ready: {(address is null ? "embedded (memory storage)" : $"cluster '{parse.GetValue(clusterId)}' on {address.Display}")}, " +
        $"silo port {ports.Silo}, gateway port {ports.Gateway}, process {Environment.ProcessId}" +
        (dashboardPort is { } port ? $", dashboard {SiloSetup.DashboardAddress(port)}" : ""));
    await app.WaitForShutdownAsync(CancellationToken.None);
    Console.WriteLine("silo stopped");
    return 0;
});
// Ctrl-C and SIGTERM go to the host's own lifetime, which stops the silo gracefully however long that takes.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
