// `provsim` as a client of a running cluster (`--cluster URL`): it finds the silos' gateways in the
// cluster's store (Redis or PostgreSQL) and keeps their list fresh, so a silo that dies or joins is seen
// within seconds. Without --cluster, `provsim` hosts its own embedded silo instead.
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>
    /// How long the youngest silo must have been in the cluster before a run starts calling grains. Silos
    /// that have just joined (several at once, say) need a few seconds to learn of each other and settle
    /// who owns which part of the grain directory; a call made in that window can reach a second
    /// activation of a grain that is meant to be one (measured here: a run resumed at once on three
    /// fresh silos found its ledger split in one try of three; after 10 s, in none of eight).
    /// </summary>
    public static readonly TimeSpan MembershipSettle = TimeSpan.FromSeconds(10);

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
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new InputError(
                $"--cluster: no silo of cluster '{clusterId}' answers at {address.Display} ({e.GetBaseException().Message.Split('\n')[0]}); " +
                $"start one with: dotnet run --project Silo -- --cluster {address.Display}{(clusterId == DefaultClusterId ? "" : $" --cluster-id {clusterId}")}");
        }

        await SettledAsync(host.Services.GetRequiredService<IClusterClient>(), cancellationToken);
        return host;
    }

    // Waits until the youngest active silo has been a member for MembershipSettle (at once when it has).
    private static async Task SettledAsync(IClusterClient client, CancellationToken cancellationToken)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + (4 * MembershipSettle);
        while (DateTime.UtcNow < deadline)
        {
            var hosts = await management.GetDetailedHosts(onlyActive: true);
            var youngest = hosts.Length == 0 ? DateTime.UtcNow : hosts.Max(h => h.StartTime.ToUniversalTime());
            var age = DateTime.UtcNow - youngest;
            if (age >= MembershipSettle)
            {
                return;
            }

            await Task.Delay(MembershipSettle - age + TimeSpan.FromMilliseconds(200), cancellationToken);
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
