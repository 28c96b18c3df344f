// One row of the protocol parameter table: the parameter's scenario key, the unit a scenario file writes
// it in, what it means, which values it may take, and how it is read from and set in ProtocolParameters.
// Three kinds: a number, a choice among names, and shares that split a whole.
using System.Collections.Immutable;

namespace ProverSim.Grains.Protocol;

public abstract record ProtocolParameter(string Key, ParameterUnit Unit, string Meaning)
{
    private static readonly ProtocolParameters Defaults = new();

    /// <summary>The values it may take, in the file's unit, as the scenario reference writes them.</summary>
    public abstract string Allowed { get; }

    /// <summary>The design's default (ProtocolParameters' own), in the file's unit.</summary>
    public string Default => Show(Defaults);

    /// <summary>Its value in <paramref name="p"/>, in the file's unit.</summary>
    public abstract string Show(ProtocolParameters p);

    /// <summary>What is wrong with its value in <paramref name="p"/>; empty when the value is allowed.</summary>
    public abstract IEnumerable<string> Problems(ProtocolParameters p);
}

/// <summary>
/// A number the model holds as a whole count of its units, allowed in [<paramref name="Min"/>,
/// <paramref name="Max"/>] (model units). A maximum that is the limit of the property's own type is no
/// bound of the protocol: the reference shows it as "≥ min".
/// </summary>
public sealed record NumberParameter(
    string Key,
    ParameterUnit Unit,
    string Meaning,
    long Min,
    long Max,
    Func<ProtocolParameters, long> Get,
    Func<ProtocolParameters, long, ProtocolParameters> Set)
    : ProtocolParameter(Key, Unit, Meaning)
{
    public bool HasUpperBound => Max is not (int.MaxValue or long.MaxValue);

    public override string Allowed => HasUpperBound ? $"{Unit.Show(Min)} – {Unit.Show(Max)}" : $"≥ {Unit.Show(Min)}";

    public override string Show(ProtocolParameters p) => Unit.Show(Get(p));

    public override IEnumerable<string> Problems(ProtocolParameters p)
    {
        var value = Get(p);
        if (value < Min || value > Max)
        {
            yield return HasUpperBound
                ? $"must be between {Unit.Show(Min)} and {Unit.Show(Max)} (got {Unit.Show(value)})"
                : $"must be ≥ {Unit.Show(Min)} (got {Unit.Show(value)})";
        }
    }
}

/// <summary>One of a few names (an enumeration of the model, written in lower case).</summary>
public sealed record ChoiceParameter(
    string Key,
    string Meaning,
    ImmutableArray<string> Choices,
    Func<ProtocolParameters, string> Get,
    Func<ProtocolParameters, string, ProtocolParameters> Set)
    : ProtocolParameter(Key, ParameterUnit.None, Meaning)
{
    public override string Allowed => string.Join(", ", Choices);

    public override string Show(ProtocolParameters p) => Get(p);

    public override IEnumerable<string> Problems(ProtocolParameters p)
    {
        if (!Choices.Contains(Get(p)))
        {
            yield return $"must be one of {Allowed} (got {Get(p)})";
        }
    }
}

/// <summary>
/// Shares of a whole, held in parts per million: as many as another parameter says (<paramref name="CountKey"/>,
/// whose value <paramref name="Count"/> reads), each at least one ppm, summing to exactly 1.
/// </summary>
public sealed record SharesParameter(
    string Key,
    string Meaning,
    string CountKey,
    Func<ProtocolParameters, int> Count,
    Func<ProtocolParameters, ImmutableArray<long>> Get,
    Func<ProtocolParameters, ImmutableArray<long>, ProtocolParameters> Set)
    : ProtocolParameter(Key, ParameterUnit.Fractions, Meaning)
{
    /// <summary>The smallest share, in ppm: every share is paid something.</summary>
    public const long MinShare = 1;

    public override string Allowed => $"{CountKey} shares, each {Unit.Show(MinShare)} – 1, summing to 1";

    public override string Show(ProtocolParameters p) => $"[{string.Join(", ", Get(p).Select(Unit.Show))}]";

    public override IEnumerable<string> Problems(ProtocolParameters p)
    {
        var shares = Get(p);
        if (shares.Length != Count(p))
        {
            yield return $"must have exactly {CountKey} = {Count(p)} shares (got {shares.Length})";
        }

        if (shares.Any(s => s is < MinShare or > ProtocolParameters.Ppm))
        {
            yield return $"every share must be between {Unit.Show(MinShare)} and 1 (got {Show(p)})";
        }

        if (shares.Sum() != ProtocolParameters.Ppm)
        {
            yield return $"must sum to 1 (got {Unit.Show(shares.Sum())})";
        }
    }
}
