// docs/FIDELITY.md names, for each rule of the protocol, the tests that check it: every one of them
// must exist in this assembly as a test, so the table cannot point at a test that was renamed or removed.
using System.Reflection;
using System.Text.RegularExpressions;

namespace ProverSim.Grains.Tests;

public sealed partial class FidelityTableTests
{
    [Fact]
    public void EveryTestTheFidelityTableNamesExists()
    {
        var table = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "FIDELITY.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(l[2])).ToList();
        Assert.True(table.Count >= 20, $"docs/FIDELITY.md has {table.Count} rule rows");

        var tests = typeof(FidelityTableTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes<FactAttribute>().Any()).Select(m => $"{t.Name}.{m.Name}"))
            .ToHashSet();
        foreach (var row in table)
        {
            var named = TestName().Matches(row.Split('|')[4]).Select(m => m.Groups[1].Value).ToList();
            Assert.True(named.Count > 0, $"no test named in: {row}");
            Assert.All(named, name => Assert.True(tests.Contains(name), $"docs/FIDELITY.md names {name}, which is not a test"));
        }
    }

    [GeneratedRegex("`([A-Za-z]+Tests\\.[A-Za-z]+)`")]
    private static partial Regex TestName();
}
