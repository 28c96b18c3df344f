// The parameters of the alternative mechanisms (Scenarios/README.md "`mechanism_parameters`") and a
// prover's cost model, from which its floor price (ramp-and-lock) and its bid (reverse-auction) follow.
namespace ProverSim.Grains.Mechanisms;

/// <summary>
/// Times in virtual µs, prices in base units per million cycles, collateral in base units. A negative
/// <see cref="MaxPrice"/> stands for the protocol's fee_per_megacycle (the user's price in vrf-tiered).
/// </summary>
[GenerateSerializer, Immutable, Alias("provsim.MechanismParameters")]
public sealed record MechanismParameters
{
    /// <summary>vrf-single-fallback: how long the drawn prover has to accept or decline.</summary>
    [Id(0)] public long DecisionWindowMicros { get; init; } = 200_000;

    /// <summary>vrf-single-fallback and reverse-auction: time allowed beyond the input and the paid cycles at the declared hardware.</summary>
    [Id(1)] public long DeadlineSlackMicros { get; init; } = 1_000_000;

    /// <summary>reverse-auction and ramp-and-lock: what a winner or locker puts up, lost when it misses its deadline.</summary>
    [Id(2)] public long Collateral { get; init; } = 100;

    /// <summary>ramp-and-lock: the offered price at arrival.</summary>
    [Id(3)] public long MinPrice { get; init; }

    /// <summary>ramp-and-lock: the price after the ramp; reverse-auction: the highest bid the user accepts.</summary>
    [Id(4)] public long MaxPrice { get; init; } = -1;

    /// <summary>ramp-and-lock: how long the price takes to rise from min to max.</summary>
    [Id(5)] public long RampMicros { get; init; } = 2_000_000;

    /// <summary>ramp-and-lock: how long a lock holds before anyone may fulfil.</summary>
    [Id(6)] public long LockTimeoutMicros { get; init; } = 5_000_000;

    /// <summary>The highest price per megacycle: max_price, else the protocol's fee_per_megacycle.</summary>
    public long Ceiling(long feePerMegacycle) => MaxPrice < 0 ? feePerMegacycle : MaxPrice;
}

/// <summary>
/// A prover's costs: its hardware's cost per second of its time (base units), the share of its time it
/// expects to be busy, and the margin it asks on top. Its floor price per megacycle is its cost per busy
/// second spread over the cycles it proves in a second, plus the margin.
/// </summary>
public sealed record ProverCost(double HardwarePerSecond, double Utilisation, double Margin)
{
    public static readonly ProverCost Default = new(10, 0.5, 0.2);

    public long FloorPerMegacycle(long cyclesPerSecond) =>
        (long)Math.Ceiling(HardwarePerSecond * 1_000_000 / cyclesPerSecond / Utilisation * (1 + Margin));
}
