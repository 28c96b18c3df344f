// The protocol parameter table: one row per property of ProtocolParameters, each row reading and setting
// its own property alone, and each number's range checked by Validate at both ends, in the file's unit.
using System.Reflection;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class ProtocolParameterTableTests
{
    private static readonly ProtocolParameters Defaults = new();

    public static TheoryData<string> Numbers() => [.. ProtocolParameterTable.All.OfType<NumberParameter>().Select(p => p.Key)];

    [Fact]
    public void EachPropertyHasExactlyOneRowAndEachKeyOneRow()
    {
        var properties = typeof(ProtocolParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order();
        Assert.Equal(properties, ProtocolParameterTable.All.Select(Property).Order());
        Assert.Equal(ProtocolParameterTable.Keys.Length, ProtocolParameterTable.Keys.Distinct().Count());
        Assert.Equal(20, ProtocolParameterTable.All.Length);
    }

    [Fact]
    public void TheDefaultsReadInTheFilesUnits()
    {
        string Default(string key) => ProtocolParameterTable.All.Single(p => p.Key == key).Default;
        Assert.Equal("1,000", Default("min_stake"));
        Assert.Equal("0.01", Default("pow_rate"));
        Assert.Equal("0.2", Default("pow_slack"));
        Assert.Equal("[0.6, 0.25, 0.15]", Default("tiers"));
        Assert.Equal("uniform", Default("allocation_weight"));
        Assert.Equal("1", Default("slot_length"));
        Assert.Equal("0.5", Default("input_deadline"));
        Assert.Equal("0", Default("jitter"));
        Assert.Equal("0.1", Default("pow_transfer"));
        Assert.Equal("preempt", Default("challenge_priority"));
    }

    [Fact]
    public void RangesReadInTheFilesUnits()
    {
        string Allowed(string key) => ProtocolParameterTable.All.Single(p => p.Key == key).Allowed;
        Assert.Equal("≥ 0", Allowed("min_stake"));
        Assert.Equal("0 – 100", Allowed("join_challenges"));
        Assert.Equal("0 – 1", Allowed("pow_rate"));
        Assert.Equal("16 – 4,294,967,295", Allowed("pow_cycles"));
        Assert.Equal("≥ 1", Allowed("cooldown"));
        Assert.Equal("1 – 64", Allowed("k"));
        Assert.Equal("k shares, each 0.000001 – 1, summing to 1", Allowed("tiers"));
        Assert.Equal("uniform, stake", Allowed("allocation_weight"));
        Assert.Equal("0.000001 – 1,000,000,000", Allowed("slot_length"));
        Assert.Equal("0 – 0.999999", Allowed("jitter"));
        Assert.Equal("0 – 3,600", Allowed("pow_transfer"));
        Assert.Equal("preempt, queue", Allowed("challenge_priority"));
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void ANumberIsValidAtBothEndsOfItsRangeAndReportedJustOutside(string key)
    {
        var parameter = ProtocolParameterTable.All.OfType<NumberParameter>().Single(p => p.Key == key);
        foreach (var valid in new[] { parameter.Min, parameter.Max })
        {
            var p = parameter.Set(Defaults, valid);
            Assert.Equal(valid, parameter.Get(p));
            Assert.DoesNotContain(p.Validate(), x => x.Key == key);
        }

        var outside = parameter.HasUpperBound ? new[] { parameter.Min - 1, parameter.Max + 1 } : [parameter.Min - 1];
        foreach (var invalid in outside)
        {
            Assert.Single(parameter.Set(Defaults, invalid).Validate(), x => x.Key == key);
        }
    }

    [Fact]
    public void AnOutOfRangeNumberIsReportedInTheFilesUnits()
    {
        Assert.Equal([("k", "must be between 1 and 64 (got 65)")], (Defaults with { K = 65 }).Validate().Where(x => x.Key == "k"));
        Assert.Equal([("min_stake", "must be ≥ 0 (got -1)")], (Defaults with { MinStake = -1 }).Validate());
        Assert.Equal([("jitter", "must be between 0 and 0.999999 (got 1)")], (Defaults with { JitterPpm = 1_000_000 }).Validate());
        Assert.Equal([("slot_length", "must be between 0.000001 and 1,000,000,000 (got 0)")], (Defaults with { SlotMicros = 0 }).Validate());
        Assert.Equal([("pow_slack", "must be between 0 and 1,000,000,000 (got -0.000001)")], (Defaults with { PowSlackMicros = -1 }).Validate());
    }

    [Fact]
    public void AFileValueIsScaledToTheModelsUnitsAndBack()
    {
        Assert.Equal(10_000, ParameterUnit.FractionPerSlot.InModel(0.01));
        Assert.Equal(200_000, ParameterUnit.Seconds.InModel(0.2));
        Assert.Equal(999_999, ParameterUnit.Fraction.InModel(0.999999));
        Assert.Equal(0.999999m, ParameterUnit.Fraction.InFile(999_999));
        Assert.Equal(1_000, ParameterUnit.BaseUnits.InModel(1_000));
    }

    [Fact]
    public void TheTiersAreCheckedAgainstKEachShareAndTheirSum()
    {
        var tiers = Assert.Single(ProtocolParameterTable.All.OfType<SharesParameter>());
        Assert.Equal(["must have exactly k = 2 shares (got 3)"], tiers.Problems(Defaults with { K = 2 }));
        Assert.Equal(["every share must be between 0.000001 and 1 (got [0.6, 0.4, 0])"], tiers.Problems(Defaults with { TiersPpm = [600_000, 400_000, 0] }));
        Assert.Equal(["must sum to 1 (got 0.999999)"], tiers.Problems(Defaults with { TiersPpm = [600_000, 250_000, 149_999] }));
    }

    // The property a row sets: the one whose value differs after setting a value other than the default.
    private static string Property(ProtocolParameter parameter)
    {
        var changed = parameter switch
        {
            NumberParameter n => n.Set(Defaults, n.Get(Defaults) == n.Min ? n.Min + 1 : n.Min),
            ChoiceParameter c => c.Set(Defaults, c.Choices.First(x => x != c.Get(Defaults))),
            SharesParameter s => s.Set(Defaults, [ProtocolParameters.Ppm]),
            _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter.Key, "an unknown kind of parameter"),
        };
        return Assert.Single(typeof(ProtocolParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance), p => !Same(p.GetValue(Defaults), p.GetValue(changed))).Name;
    }

    private static bool Same(object? a, object? b) =>
        a is System.Collections.IEnumerable x && b is System.Collections.IEnumerable y ? x.Cast<object>().SequenceEqual(y.Cast<object>()) : Equals(a, b);
}
