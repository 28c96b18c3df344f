// Scenarios/README.md against the code: its `protocol` table is the protocol parameter table rendered
// (a failure prints the table to paste), its behaviours are the ones the parser accepts, and its other key
// tables list exactly the keys the parser allows, in the parser's order.
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Files;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class ScenarioReadmeTests
{
    private static readonly string[] Lines = File.ReadAllText(Path.Combine(RepoPaths.Root, "Scenarios", "README.md")).ReplaceLineEndings("\n").Split('\n');

    public static TheoryData<string, string[]> KeyTables() => new()
    {
        { "## Top level", ScenarioParser.TopLevelKeys },
        { "## `protocol`", [.. ProtocolParameterTable.Keys] },
        { "## `groups`", ScenarioParser.GroupKeys },
        { "## `demand`", ScenarioParser.DemandKeys },
        { "### `cost`", ScenarioParser.CostKeys },
        { "### `mechanism_parameters`", ScenarioParser.MechanismParameterKeys },
    };

    [Fact]
    public void TheMechanismsTableIsTheCatalogue()
    {
        var expected = string.Join('\n', ["| mechanism | rule |", "|---|---|", .. Grains.Mechanisms.MechanismCatalog.All.Select(m => $"| `{m.Name}` | {m.Rule} |")]);
        var documented = string.Join('\n', Table("## Mechanisms"));
        Assert.True(documented == expected, $"Scenarios/README.md's mechanisms table differs from MechanismCatalog; replace it with:\n\n{expected}\n");
    }

    /// <summary>The `protocol` table as Scenarios/README.md shows it, from ProtocolParameterTable.</summary>
    public static string ProtocolTable() => string.Join('\n', [
        "| key | unit | default | allowed | meaning |",
        "|---|---|---|---|---|",
        .. ProtocolParameterTable.All.Select(p => $"| `{p.Key}` | {p.Unit.Name} | {p.Default} | {p.Allowed} | {p.Meaning} |")]);

    [Fact]
    public void TheProtocolTableIsTheParameterTable()
    {
        var expected = ProtocolTable();
        var documented = string.Join('\n', Table("## `protocol`"));
        Assert.True(documented == expected, $"Scenarios/README.md's `protocol` table differs from ProtocolParameterTable; replace it with:\n\n{expected}\n");
    }

    [Fact]
    public void TheBehavioursAreThoseTheParserAccepts()
    {
        var documented = Table("### Behaviours").Skip(2).Select(Key).ToList();
        Assert.True(
            documented.SequenceEqual(ProverGroup.Behaviours),
            $"Scenarios/README.md's behaviours ({string.Join(", ", documented)}) are not those the parser accepts, in its order: {string.Join(", ", ProverGroup.Behaviours)}");
    }

    [Theory]
    [MemberData(nameof(KeyTables))]
    public void AKeyTableListsTheParsersKeys(string heading, string[] keys)
    {
        var documented = Table(heading).Skip(2).Select(Key).ToList();
        Assert.True(
            documented.SequenceEqual(keys),
            $"Scenarios/README.md's table under '{heading}' lists {string.Join(", ", documented)}; the parser allows, in order: {string.Join(", ", keys)}");
    }

    // The rows of the first table after the heading that starts with `heading`, its header and rule included.
    private static List<string> Table(string heading)
    {
        var start = Array.FindIndex(Lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"Scenarios/README.md has no heading '{heading}'");
        return [.. Lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))];
    }

    // The first cell of a table row, without its backticks.
    private static string Key(string row) => row.Split('|')[1].Trim().Trim('`');
}
