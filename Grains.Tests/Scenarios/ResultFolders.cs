// Two results folders of the same scenario and seed must hold the same bytes in every file the run
// decides (ResultsWriter.Files: all but manifest.json and report.html).
using ProverSim.Scenarios.Results;

namespace ProverSim.Grains.Tests.Scenarios;

public static class ResultFolders
{
    public static void AssertSameBytes(string expected, string actual)
    {
        foreach (var file in ResultsWriter.Files)
        {
            var (want, got) = (File.ReadAllBytes(Path.Combine(expected, file)), File.ReadAllBytes(Path.Combine(actual, file)));
            Assert.True(want.AsSpan().SequenceEqual(got), $"{file} differs from {expected}'s{FirstDifference(want, got)}");
        }
    }

    // The header and the first line that differs, to say where.
    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var (a, b) = (System.Text.Encoding.UTF8.GetString(expected).Split('\n'), System.Text.Encoding.UTF8.GetString(actual).Split('\n'));
        var at = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], -1);
        return at < 0 ? $": {a.Length} lines against {b.Length}" : $" at line {at + 1}:\n{a[0]}\n{a[at]}\n{b[at]}";
    }
}
