// The unit a protocol parameter is written in in a scenario file, and how many of the model's integer
// units make one of it: a fraction is stored in parts per million, seconds in virtual microseconds.
namespace ProverSim.Grains.Protocol;

public sealed record ParameterUnit(string Name, long ModelUnitsPerFileUnit)
{
    public static readonly ParameterUnit BaseUnits = new("base units", 1);
    public static readonly ParameterUnit Count = new("count", 1);
    public static readonly ParameterUnit Cycles = new("cycles", 1);
    public static readonly ParameterUnit Slots = new("slots", 1);
    public static readonly ParameterUnit Provers = new("provers", 1);
    public static readonly ParameterUnit Seconds = new("seconds", 1_000_000);
    public static readonly ParameterUnit Fraction = new("fraction", ProtocolParameters.Ppm);
    public static readonly ParameterUnit FractionPerSlot = new("fraction / slot", ProtocolParameters.Ppm);
    public static readonly ParameterUnit Fractions = new("fractions", ProtocolParameters.Ppm);
    public static readonly ParameterUnit None = new("—", 1);

    /// <summary>Whether the file writes a whole number, the model's value itself.</summary>
    public bool IsWhole => ModelUnitsPerFileUnit == 1;

    /// <summary>A model value in this unit, exactly (0.01 for 10,000 ppm, 0.5 for 500,000 µs).</summary>
    public decimal InFile(long model) => (decimal)model / ModelUnitsPerFileUnit;

    /// <summary>A model value in this unit as the nearest double (a bound for reading a file's decimal number).</summary>
    public double InFileAsDouble(long model) => model / (double)ModelUnitsPerFileUnit;

    /// <summary>A file value in the model's units, rounded to the nearest.</summary>
    public long InModel(double file) => (long)Math.Round(file * ModelUnitsPerFileUnit);

    /// <summary>A model value as the scenario reference writes it: "1,000", "0.01", "0.000001".</summary>
    public string Show(long model) => InFile(model).ToString("#,0.######", System.Globalization.CultureInfo.InvariantCulture);
}
