// What `provsim loadtest` is asked to do: how many provers, what load, how long, which mode.
namespace ProverSim.LoadTest;

/// <summary>Whether accepted jobs really run on the VM, or only their cycles and outcome are drawn.</summary>
public enum LoadTestMode
{
    /// <summary>Each accepted job is executed by the prover grain as in a scenario run: its VM run and, when it halts, its STARK proof.</summary>
    Execute,

    /// <summary>
    /// The prover still decides and books each job, but with a cycle budget of 0 there is nothing to run
    /// or prove; the cycles and outcome the job would have had are drawn from the mix. Measures allocation alone.
    /// </summary>
    SkipExecution,
}

public sealed record LoadTestOptions
{
    public const int MaxProvers = 100_000;

    public int Provers { get; init; } = 10_000;

    /// <summary>Offered arrivals per second (open loop); null = as fast as possible with <see cref="InFlight"/> outstanding.</summary>
    public double? Rate { get; init; }

    /// <summary>Allocations kept outstanding in the as-fast-as-possible mode; the backlog bound otherwise.</summary>
    public int InFlight { get; init; } = DefaultInFlight(LoadTestMode.Execute);

    public int K { get; init; } = 3;

    /// <summary>Share of provers whose link is too slow for the input, so they decline every offer.</summary>
    public double DeclineFraction { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Load before the measurement starts (JIT, first activations); not counted.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan PingDuration { get; init; } = TimeSpan.FromSeconds(3);

    public LoadTestMode Mode { get; init; } = LoadTestMode.Execute;

    public Grains.Protocol.AllocationWeight Weight { get; init; } = Grains.Protocol.AllocationWeight.Uniform;

    public long Seed { get; init; } = 1;

    /// <summary>The running cluster loaded, as printed (its store and name); null for a silo in this process.</summary>
    public string? ClusterDisplay { get; init; }

    public string Cluster => ClusterDisplay ?? "embedded";

    /// <summary>Whether the silos are other processes, so that their calls, activations, memory and CPU are not this process's.</summary>
    public bool Remote => ClusterDisplay is not null;

    /// <summary>
    /// Enough outstanding allocations to keep every core busy. Executing means proving every accepted job,
    /// which makes an offer round long, so fewer are kept outstanding: a round waits for all of them.
    /// </summary>
    public static int DefaultInFlight(LoadTestMode mode) => mode == LoadTestMode.Execute ? 8 : 256;

    public string ModeName => Mode == LoadTestMode.Execute ? "execute" : "skip-execution";

    public string RateName => Rate is { } rate ? $"{rate:0.###}/s" : "max";
}
