// Each statistic of the reports against a small distribution computed by hand (the comments show the sums).
using ProverSim.Reports;

namespace ProverSim.Grains.Tests.Reports;

public sealed class StatsTests
{
    private static readonly double[] OneToFour = [1, 2, 3, 4];

    [Fact]
    public void GiniOfHandComputedDistributions()
    {
        // [0, 0, 0, 10]: 2·(4·10)/(4·10) − 5/4 = 0.75. [1, 2, 3, 4]: Σ|xi − xj| over ordered pairs = 20; 20/(2·4²·2.5) = 0.25.
        Assert.Equal(0.75, Stats.Gini([0, 0, 0, 10]), 12);
        Assert.Equal(0.25, Stats.Gini(OneToFour), 12);
        Assert.Equal(0, Stats.Gini([5, 5, 5, 5]), 12);
        Assert.Equal(0, Stats.Gini([0, 0]));
        Assert.Throws<ArgumentException>(() => Stats.Gini([1, -1]));
    }

    [Fact]
    public void LorenzCurveOfOneToFour()
    {
        // Cumulative shares of 10: 1, 3, 6, 10.
        Assert.Equal([(0, 0), (0.25, 0.1), (0.5, 0.3), (0.75, 0.6), (1, 1)], Stats.Lorenz([4, 2, 1, 3]).Select(p => (p.Population, Math.Round(p.Share, 12))));
    }

    [Fact]
    public void HhiNakamotoAndTheil()
    {
        // Shares .1 .2 .3 .4: HHI = .01 + .04 + .09 + .16 = .30. Richest first: .4 (not > .5), .4 + .3 = .7 → 2 provers.
        Assert.Equal(0.30, Stats.Hhi(OneToFour), 12);
        Assert.Equal(0.25, Stats.Hhi([7, 7, 7, 7]), 12);
        Assert.Equal(2, Stats.Nakamoto(OneToFour));
        Assert.Equal(3, Stats.Nakamoto([10, 10, 10, 10]));
        Assert.Equal(1, Stats.Nakamoto([0, 0, 9]));

        // Theil: (0.4 ln 0.4 + 0.8 ln 0.8 + 1.2 ln 1.2 + 1.6 ln 1.6)/4 = 0.425761/4; one holder of all: ln n.
        Assert.Equal(0.10644, Stats.Theil(OneToFour), 5);
        Assert.Equal(Math.Log(4), Stats.Theil([0, 0, 0, 10]), 12);
        Assert.Equal(0, Stats.Theil([3, 3, 3]), 12);
    }

    [Fact]
    public void QuantilesMeanAndCoefficientOfVariation()
    {
        // h = (n − 1)·q; q = 0.9 → h = 2.7 → 3 + 0.7·(4 − 3) = 3.7. Population sd of 1..4 = √1.25.
        Assert.Equal(2.5, Stats.Median(OneToFour), 12);
        Assert.Equal(3.7, Stats.Quantile(OneToFour, 0.9), 12);
        Assert.Equal(1.3, Stats.Quantile(OneToFour, 0.1), 12);
        Assert.Equal(Math.Sqrt(1.25) / 2.5, Stats.CoefficientOfVariation(OneToFour), 12);
        Assert.True(double.IsNaN(Stats.Mean([])));
    }

    [Fact]
    public void BootstrapIntervalIsReproducibleAndBracketsTheMean()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        var a = Stats.Bootstrap(values);
        var b = Stats.Bootstrap(values);

        Assert.Equal(a, b);
        Assert.Equal(5.5, a.Mean, 12);
        Assert.InRange(a.Low, 3.5, 5.5);
        Assert.InRange(a.High, 5.5, 7.5);
        Assert.Equal(new Estimate(5, 5, 5, 3), Stats.Bootstrap([5, 5, 5]));
        Assert.Equal(new Estimate(7, 7, 7, 1), Stats.Bootstrap([7]));
    }
}
