// Pearson's chi-square statistic for the distribution tests of the protocol's random draws, and the
// 0.999 critical values they compare against (so a correct sampler fails about once in a thousand runs
// of a *different* seed; the seeds here are fixed, so the tests are deterministic).
namespace ProverSim.Grains.Tests.Protocol;

internal static class ChiSquare
{
    /// <summary>χ²(2) at p = 0.999.</summary>
    public const double Critical2Df = 13.816;

    /// <summary>χ²(19) at p = 0.999.</summary>
    public const double Critical19Df = 43.820;

    public static double Statistic(IReadOnlyList<long> observed, IReadOnlyList<double> expected)
    {
        Assert.Equal(expected.Count, observed.Count);
        var sum = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            var d = observed[i] - expected[i];
            sum += d * d / expected[i];
        }

        return sum;
    }

    public static double Statistic(IReadOnlyList<long> observed, double expectedEach) =>
        Statistic(observed, [.. Enumerable.Repeat(expectedEach, observed.Count)]);
}
