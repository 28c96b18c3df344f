// `provsim` as a client of a running cluster (`--cluster URL`): it finds the silos' gateways in the
// cluster's store (Redis or PostgreSQL) and keeps their list fresh, so a silo that dies or joins is seen
// within seconds. Without --cluster, `provsim` hosts its own embedded silo instead.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProverSim.Scenarios.Commands;
using ProverSim.Silo;

namespace ProverSim.Scenarios.Running;

public static class ClusterConnection
{
    public const string DefaultClusterId = "provsim";

    /// <summary>Reads a --cluster value; a bad one is an input error naming the option and the allowed forms.</summary>
    public static ClusterAddress Parse(string text)
    {
        try
        {
            return ClusterAddress.Parse(text);
        }
        catch (ClusterAddressException e)
        {
            throw new InputError($"--cluster: {e.Message}");
        }
    }

    /// <summary>Connects to a cluster; when no silo of it answers, says how to start one.</summary>
    public static async Task<IHost> ConnectAsync(ClusterAddress address, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseCluster(address, clusterId));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new InputError(
                $"--cluster: no silo of cluster '{clusterId}' answers at {address.Display} ({e.GetBaseException().Message.Split('\n')[0]}); " +
                $"start one with: dotnet run --project Silo -- --cluster {address.Display}{(clusterId == DefaultClusterId ? "" : $" --cluster-id {clusterId}")}");
        }
    }

    /// <summary>
    /// The embedded silo (serving the Orleans Dashboard when <paramref name="dashboardPort"/> is given), or a
    /// client of the cluster given, as a host whose services hold an IClusterClient.
    /// </summary>
    public static async Task<(IHost Host, RunSettings Settings)> StartAsync(ClusterAddress? address, string clusterId, CancellationToken cancellationToken, int? dashboardPort = null)
    {
        if (address is null)
        {
            return (dashboardPort is { } port ? await SiloSetup.StartEmbeddedAsync(port, cancellationToken) : await SiloSetup.StartEmbeddedAsync(cancellationToken), RunSettings.Embedded);
        }

        if (dashboardPort is not null)
        {
            throw new InputError($"--dashboard: a cluster's dashboards are its silos': start them with `dotnet run --project Silo -- --cluster {address.Display} --dashboard`");
        }

        return (await ConnectAsync(address, clusterId, cancellationToken), RunSettings.OnCluster($"{address.Display} (cluster '{clusterId}')"));
    }
}
