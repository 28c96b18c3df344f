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
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{file} differs from {expected}'s");
        }
    }
}
