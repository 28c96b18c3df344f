// The one place where a ProverSim silo is configured (DESIGN.md §3): grain storage, messaging limits
// and clustering — localhost with memory storage for the embedded default, Redis or PostgreSQL for a
// cluster of silo processes. The standalone silo, the embedded silo of `provsim run` and the test
// cluster all call these.
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Dashboard;
using Orleans.Persistence;
using StackExchange.Redis;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Runs;

namespace ProverSim.Silo;

public static class SiloSetup
{
    /// <summary>The grain storage every ProverSim grain persists to.</summary>
    public const string StorageName = StorageNames.Simulation;

    /// <summary>A slot of thousands of provers can take a while; a grain call must not time out under it.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The service the silos of a cluster share (its storage keys); a cluster id names one deployment of it.</summary>
    public const string ServiceId = "provsim";

    /// <summary>
    /// Services and messaging every ProverSim silo needs, with in-memory grain storage (the embedded silo
    /// and the test cluster). Grain state is stored with Orleans' own binary serializer (the grains'
    /// state types are all generated serializers), not the default JSON: a state write costs what its
    /// bytes cost.
    /// </summary>
    public static ISiloBuilder AddProverSim(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageName, options => options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
        return silo.AddProverSimServices();
    }

    /// <summary>The embedded default: one silo on localhost with in-memory storage (Orleans' usual ports unless given).</summary>
    public static ISiloBuilder UseEmbedded(this ISiloBuilder silo, int siloPort = 11111, int gatewayPort = 30000) =>
        silo.UseLocalhostClustering(siloPort, gatewayPort).AddProverSim();

    /// <summary>
    /// One silo of a cluster: membership and grain state in the cluster's store (a settled workload's
    /// cleared state is deleted, not kept as an empty record), listening on <paramref name="host"/>, and
    /// quick to declare a dead silo dead, so that the run it served goes on within seconds.
    /// </summary>
    public static ISiloBuilder UseCluster(this ISiloBuilder silo, ClusterAddress address, string clusterId, IPAddress host, int siloPort, int gatewayPort)
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, ServiceId));
        silo.ConfigureEndpoints(host, siloPort, gatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        });
        switch (address.Store)
        {
            case ClusterStore.Redis:
                silo.UseRedisClustering(o => o.ConfigurationOptions = address.RedisConfiguration());
                silo.AddRedisGrainStorage(StorageName, o => (o.ConfigurationOptions, o.DeleteStateOnClear) = (address.RedisConfiguration(), true));
                silo.Services.AddOptions<RedisStorageOptions>(StorageName).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
                break;
            case ClusterStore.Postgres:
                silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, address.ConnectionString));
                silo.AddAdoNetGrainStorage(StorageName, o => (o.Invariant, o.ConnectionString, o.DeleteStateOnClear) = (PostgresInvariant, address.ConnectionString, true));
                silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageName).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
                break;
        }

        return silo.AddProverSimServices();
    }

    /// <summary>
    /// How long a cluster's client waits for an answer. A call forwarded by a gateway to a silo that then
    /// dies is never answered, so the client must give up and ask again (a slot is idempotent: a slot
    /// still running answers the repeated call when it is done).
    /// </summary>
    public static readonly TimeSpan ClusterClientResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A client of a cluster: it finds the silos' gateways in the cluster's store.</summary>
    public static IClientBuilder UseCluster(this IClientBuilder client, ClusterAddress address, string clusterId)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, ServiceId));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ClusterClientResponseTimeout);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        return address.Store switch
        {
            ClusterStore.Redis => client.UseRedisClustering(o => o.ConfigurationOptions = address.RedisConfiguration()),
            _ => client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, address.ConnectionString)),
        };
    }

    /// <summary>The ADO.NET invariant of Npgsql, as Orleans' providers name it.</summary>
    public const string PostgresInvariant = "Npgsql";

    private static ISiloBuilder AddProverSimServices(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<RunContexts>();
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        silo.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        return silo;
    }

    /// <summary>
    /// Starts an embedded silo in this process and returns its host; its services hold an IClusterClient.
    /// It listens on two free loopback ports, so several runs (a sweep in two terminals, the test suite
    /// beside a run) never collide on Orleans' default ports.
    /// </summary>
    public static async Task<IHost> StartEmbeddedAsync(CancellationToken cancellationToken = default) => await StartEmbeddedAsync(null, cancellationToken);

    /// <summary>
    /// A silo host, and with <paramref name="dashboardPort"/> one that also serves the Orleans Dashboard
    /// (grain counts, calls per second, latencies per grain type) on 127.0.0.1 at that port.
    /// </summary>
    public static IHost BuildHost(Action<ISiloBuilder> configure, int? dashboardPort, LogLevel logLevel)
    {
        void Console(ILoggingBuilder logging) => logging.ClearProviders().AddConsole().SetMinimumLevel(logLevel);
        if (dashboardPort is not { } port)
        {
            var builder = Host.CreateApplicationBuilder();
            Console(builder.Logging);
            builder.UseOrleans(silo => configure(silo));
            return builder.Build();
        }

        var web = WebApplication.CreateBuilder();
        Console(web.Logging);
        web.WebHost.UseUrls($"http://127.0.0.1:{port}");
        web.UseOrleans(silo =>
        {
            configure(silo);
            silo.AddDashboard();
        });
        var app = web.Build();
        app.MapOrleansDashboard();
        return app;
    }

    /// <summary>The address a dashboard on <paramref name="port"/> is served at.</summary>
    public static string DashboardAddress(int port) => $"http://127.0.0.1:{port}/";

    /// <summary>The dashboard's port when --dashboard is given without one (the Orleans Dashboard's usual).</summary>
    public const int DefaultDashboardPort = 8080;

    /// <summary>As <see cref="StartEmbeddedAsync(CancellationToken)"/>, serving the Orleans Dashboard on 127.0.0.1 at <paramref name="dashboardPort"/>.</summary>
    public static async Task<IHost> StartEmbeddedAsync(int dashboardPort, CancellationToken cancellationToken)
    {
        var (siloPort, gatewayPort) = FreeLoopbackPorts();
        var host = BuildHost(silo => silo.UseEmbedded(siloPort, gatewayPort), dashboardPort, LogLevel.Warning);
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>As <see cref="StartEmbeddedAsync(CancellationToken)"/>, with more silo configuration (e.g. a call filter).</summary>
    public static async Task<IHost> StartEmbeddedAsync(Action<ISiloBuilder>? configure, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var (siloPort, gatewayPort) = FreeLoopbackPorts();
        builder.UseOrleans(silo =>
        {
            silo.UseEmbedded(siloPort, gatewayPort);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Two free loopback ports (both listeners are open at once, so they differ).</summary>
    public static (int Silo, int Gateway) FreeLoopbackPorts()
    {
        var first = new TcpListener(IPAddress.Loopback, 0);
        var second = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            first.Start();
            second.Start();
            return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
        }
        finally
        {
            first.Stop();
            second.Stop();
        }
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
