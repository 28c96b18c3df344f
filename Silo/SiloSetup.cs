// The one place where a ProverSim silo is configured (DESIGN.md §3): grain storage, messaging limits
// and, for the embedded default, localhost clustering. The standalone silo, the embedded silo of
// `provsim run` and the test cluster all call these.
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Runs;

namespace ProverSim.Silo;

public static class SiloSetup
{
    /// <summary>The grain storage every ProverSim grain persists to.</summary>
    public const string StorageName = StorageNames.Simulation;

    /// <summary>A slot of thousands of provers can take a while; a grain call must not time out under it.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Storage, services and messaging every ProverSim silo needs, whatever its clustering. Grain state is
    /// stored with Orleans' own binary serializer (the grains' state types are all generated
    /// serializers), not the default JSON: a state write costs what its bytes cost.
    /// </summary>
    public static ISiloBuilder AddProverSim(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageName, options => options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
        silo.Services.AddSingleton<RunContexts>();
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        silo.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        return silo;
    }

    /// <summary>The embedded default: one silo on localhost with in-memory storage (Orleans' usual ports unless given).</summary>
    public static ISiloBuilder UseEmbedded(this ISiloBuilder silo, int siloPort = 11111, int gatewayPort = 30000) =>
        silo.UseLocalhostClustering(siloPort, gatewayPort).AddProverSim();

    /// <summary>
    /// Starts an embedded silo in this process and returns its host; its services hold an IClusterClient.
    /// It listens on two free loopback ports, so several runs (a sweep in two terminals, the test suite
    /// beside a run) never collide on Orleans' default ports.
    /// </summary>
    public static async Task<IHost> StartEmbeddedAsync(CancellationToken cancellationToken = default) => await StartEmbeddedAsync(null, cancellationToken);

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

    // Both listeners are open at once, so the two ports differ.
    private static (int Silo, int Gateway) FreeLoopbackPorts()
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
