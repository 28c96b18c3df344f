// The statistics of a reward distribution: location and spread, inequality (Gini,
// Lorenz curve, Theil), concentration (HHI, Nakamoto coefficient), and a bootstrap confidence interval
// across replications. Inputs are non-negative amounts (earnings); an all-zero distribution is perfectly
// equal (Gini and Theil 0) and has no concentration (HHI 0, Nakamoto 0).
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace ProverSim.Reports;

/// <summary>A mean with its 95% bootstrap confidence interval.</summary>
public sealed record Estimate(double Mean, double Low, double High, int Samples);

public static class Stats
{
    /// <summary>The q-quantile with linear interpolation between order statistics (R-7, the R and NumPy default); NaN when empty.</summary>
    public static double Quantile(IReadOnlyCollection<double> values, double q) =>
        values.Count == 0 ? double.NaN : Statistics.QuantileCustom(values, q, QuantileDefinition.R7);

    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Average();

    public static double Median(IReadOnlyCollection<double> values) => Quantile(values, 0.5);

    /// <summary>Population standard deviation over the mean (a group is described, not sampled); NaN when the mean is 0.</summary>
    public static double CoefficientOfVariation(IReadOnlyCollection<double> values)
    {
        var mean = Mean(values);
        return values.Count == 0 || mean == 0 ? double.NaN : values.PopulationStandardDeviation() / mean;
    }

    /// <summary>Gini = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ), computed from the sorted values as 2 Σ i·x₍ᵢ₎ / (n Σ x) − (n + 1)/n.</summary>
    public static double Gini(IReadOnlyCollection<double> values)
    {
        var sorted = Sorted(values);
        var total = sorted.Sum();
        if (sorted.Length == 0 || total == 0)
        {
            return 0;
        }

        var weighted = sorted.Select((x, i) => (i + 1) * x).Sum();
        var n = sorted.Length;
        return (2 * weighted / (n * total)) - ((n + 1.0) / n);
    }

    /// <summary>The Lorenz curve: (share of provers, share of the total they hold), poorest first, from (0, 0) to (1, 1).</summary>
    public static IReadOnlyList<(double Population, double Share)> Lorenz(IReadOnlyCollection<double> values)
    {
        var sorted = Sorted(values);
        var total = sorted.Sum();
        var points = new List<(double, double)> { (0, 0) };
        var running = 0.0;
        for (var i = 0; i < sorted.Length; i++)
        {
            running += sorted[i];
            points.Add(((i + 1.0) / sorted.Length, total == 0 ? (i + 1.0) / sorted.Length : running / total));
        }

        return points;
    }

    /// <summary>Herfindahl–Hirschman index: Σ sᵢ² of the shares sᵢ = xᵢ / Σ x (1/n when equal, 1 for a monopoly).</summary>
    public static double Hhi(IReadOnlyCollection<double> values)
    {
        var total = values.Sum();
        return total == 0 ? 0 : values.Sum(x => (x / total) * (x / total));
    }

    /// <summary>The fewest provers that together hold more than half of the total (richest first).</summary>
    public static int Nakamoto(IReadOnlyCollection<double> values, double threshold = 0.5)
    {
        var total = values.Sum();
        if (total == 0)
        {
            return 0;
        }

        var running = 0.0;
        var count = 0;
        foreach (var x in values.OrderByDescending(x => x))
        {
            running += x;
            count++;
            if (running > threshold * total)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>Theil T index: (1/n) Σ (xᵢ/μ) ln(xᵢ/μ), with 0·ln 0 = 0; 0 when equal, ln n when one prover holds all.</summary>
    public static double Theil(IReadOnlyCollection<double> values)
    {
        var mean = Mean(values);
        if (values.Count == 0 || mean == 0)
        {
            return 0;
        }

        return values.Where(x => x > 0).Sum(x => x / mean * Math.Log(x / mean)) / values.Count;
    }

    /// <summary>
    /// The mean of per-replication values and its 95% percentile-bootstrap interval (2,000 resamples from a
    /// Mersenne Twister with a fixed seed, so a report is byte-reproducible). One value: the interval is that value.
    /// </summary>
    public static Estimate Bootstrap(IReadOnlyList<double> values, int resamples = 2000, int seed = 20261124)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        }

        var mean = finite.Average();
        if (finite.Length == 1)
        {
            return new Estimate(mean, mean, mean, 1);
        }

        var random = new MersenneTwister(seed);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < finite.Length; i++)
            {
                sum += finite[random.Next(finite.Length)];
            }

            means[b] = sum / finite.Length;
        }

        return new Estimate(mean, Quantile(means, 0.025), Quantile(means, 0.975), finite.Length);
    }

    private static double[] Sorted(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Any(x => x < 0 || !double.IsFinite(x)))
        {
            throw new ArgumentException("inequality measures need finite, non-negative amounts");
        }

        Array.Sort(sorted);
        return sorted;
    }
}
