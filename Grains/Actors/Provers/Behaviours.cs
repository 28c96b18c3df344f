// The behaviours a prover group can have (Scenarios/README.md "Behaviours"): the names scenario files
// use, in one place for the parser, the scenario expansion and the prover grain.
namespace ProverSim.Grains.Actors.Provers;

public static class Behaviours
{
    public const string Honest = "honest";
    public const string CapacityLimited = "capacity-limited";
    public const string BandwidthLimited = "bandwidth-limited";
    public const string HardwareLiar = "hardware-liar";
    public const string Flaky = "flaky";
    public const string MarketHunter = "market-hunter";
    public const string Copier = "copier";
    public const string Leaver = "leaver";

    /// <summary>Every behaviour, in the order the scenario reference lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Honest, CapacityLimited, BandwidthLimited, HardwareLiar, Flaky, MarketHunter, Copier, Leaver];
}
