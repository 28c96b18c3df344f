// The expected tier reward of uniform allocation: the closed form checked against brute-force enumeration
// of every k-subset (and every order of tied provers) on small populations, and by hand on one.
using ProverSim.Reports;

namespace ProverSim.Grains.Tests.Reports;

public sealed class TheoryTests
{
    // N = 4, k = 2, tiers [60, 40]. The fastest (m = 0) is drawn in 3 of the 6 pairs and always first:
    // 3/6 · 60 = 30. The second fastest (m = 1): first in 2 pairs (with the two slower), second in 1
    // (with the fastest): (2 · 60 + 40)/6 = 160/6. The third: first only with the slowest: (60 + 2 · 40)/6 =
    // 140/6. The slowest: second in all 3 of its pairs: 3 · 40/6 = 20.
    [Theory]
    [InlineData(0, 30.0)]
    [InlineData(1, 160.0 / 6)]
    [InlineData(2, 140.0 / 6)]
    [InlineData(3, 20.0)]
    public void TheClosedFormMatchesAHandCountOnFourProvers(int faster, double expected)
    {
        Assert.Equal(expected, Theory.ExpectedTierReward(4, faster, [60, 40]), 12);
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(5, 3)]
    [InlineData(6, 6)]
    [InlineData(7, 4)]
    [InlineData(9, 3)]
    public void TheClosedFormMatchesEnumerationOfEveryDraw(int n, int k)
    {
        double[] tiers = [.. Enumerable.Range(0, k).Select(j => 100.0 / (j + 1) + (7 * j))];
        double[] speeds = [.. Enumerable.Range(0, n).Select(i => 1000.0 - (37 * i))];

        var moments = Theory.TierRewards(speeds, tiers);

        var (mean, square) = Enumerate(speeds, tiers, k);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(mean[i], moments[i].Mean, 10);
            Assert.Equal(square[i] - (mean[i] * mean[i]), moments[i].Variance, 9);
            Assert.Equal(mean[i], Theory.ExpectedTierReward(n, i, tiers), 10);
        }

        // Every draw pays every tier once.
        Assert.Equal(tiers.Sum(), moments.Sum(m => m.Mean), 9);
    }

    [Fact]
    public void TiedProversShareTheirPositionsAsEnumerationOverEveryOrderOfTheTieGives()
    {
        double[] speeds = [500, 900, 500, 500, 900, 200, 700];
        double[] tiers = [50, 30, 20];

        var moments = Theory.TierRewards(speeds, tiers);

        // Enumerate every draw and every order of each tie (a tie finishes in the uniform VRF order).
        var (mean, square) = Enumerate(speeds, tiers, 3);
        for (var i = 0; i < speeds.Length; i++)
        {
            Assert.Equal(mean[i], moments[i].Mean, 10);
            Assert.Equal(square[i] - (mean[i] * mean[i]), moments[i].Variance, 9);
        }

        Assert.Equal(moments[0].Mean, moments[2].Mean);
        Assert.True(moments[1].Mean > moments[6].Mean && moments[6].Mean > moments[0].Mean && moments[0].Mean > moments[5].Mean);
    }

    // N = 3, k = 2, stakes [1, 2, 3] (W = 6), prover 0 fastest, tiers [10, 5]. Ordered draws: (0,1) 1/6·2/5,
    // (1,0) 2/6·1/4, so {0,1} has 3/20; (0,2) 1/6·3/5 and (2,0) 3/6·1/3: {0,2} has 4/15; {1,2}: 7/12. Prover
    // 0 is first whenever drawn: 10·(3/20 + 4/15) = 25/6; prover 1 second in {0,1}, first in {1,2}:
    // 5·3/20 + 10·7/12 = 79/12; prover 2 always second: 5·(4/15 + 7/12) = 17/4.
    [Fact]
    public void StakeWeightedDrawsMatchAHandCount()
    {
        var (moments, exact) = Theory.TierRewardsByStake([3, 2, 1], [1, 2, 3], [10, 5]);

        Assert.True(exact);
        Assert.Equal(25.0 / 6, moments[0].Mean, 12);
        Assert.Equal(79.0 / 12, moments[1].Mean, 12);
        Assert.Equal(17.0 / 4, moments[2].Mean, 12);
        Assert.Equal((100 * 25.0 / 60) - (25.0 / 6 * 25.0 / 6), moments[0].Variance, 12);
    }

    // Equal speeds finish in the order drawn (the VRF tie-break is the draw's rank), and a larger stake is
    // drawn earlier. Speeds equal, stakes [1, 2, 3], tiers [10, 5]: prover 0 is drawn first with 1/6 and
    // second with 2/6 · 1/4 + 3/6 · 1/3 = 1/4, so it expects 10/6 + 5/4 = 35/12 (an even split of the tie
    // would give (10 + 5)/2 · (1/6 + 1/4) = 25/8); prover 2, first with 1/2 and second with
    // 1/6 · 3/5 + 2/6 · 3/4 = 7/20: 5 + 7/4 = 27/4.
    [Fact]
    public void UnderStakeWeightingEqualSpeedsFinishInTheOrderDrawn()
    {
        var (moments, _) = Theory.TierRewardsByStake([1, 1, 1], [1, 2, 3], [10, 5]);

        Assert.Equal(35.0 / 12, moments[0].Mean, 12);
        Assert.Equal(27.0 / 4, moments[2].Mean, 12);
        Assert.Equal(15, moments.Sum(m => m.Mean), 12);
    }

    [Fact]
    public void StakeWeightingWithEqualStakesIsUniformAllocation()
    {
        double[] speeds = [500, 900, 500, 500, 900, 200, 700, 300];
        double[] tiers = [50, 30, 20];

        var (weighted, exact) = Theory.TierRewardsByStake(speeds, [.. speeds.Select(_ => 7.0)], tiers);
        var uniform = Theory.TierRewards(speeds, tiers);

        Assert.True(exact);
        for (var i = 0; i < speeds.Length; i++)
        {
            Assert.Equal(uniform[i].Mean, weighted[i].Mean, 10);
            Assert.Equal(uniform[i].Variance, weighted[i].Variance, 9);
        }
    }

    [Fact]
    public void SampledStakeWeightedDrawsAgreeWithEnumeration()
    {
        double[] speeds = [.. Enumerable.Range(0, 40).Select(i => 1000.0 + (17 * (i % 13)))];
        double[] stakes = [.. Enumerable.Range(0, 40).Select(i => 1.0 + (i % 5))];
        double[] tiers = [600, 250, 150];

        var (enumerated, exact) = Theory.TierRewardsByStake(speeds, stakes, tiers);
        var (sampled, notExact) = Theory.TierRewardsByStake(speeds, stakes, tiers, seed: 3, exactDraws: 0);

        Assert.True(exact);
        Assert.False(notExact);

        // 200,000 draws: each prover's mean (tens of base units) within about five standard errors.
        for (var i = 0; i < speeds.Length; i++)
        {
            Assert.InRange(sampled[i].Mean, enumerated[i].Mean - 1.5, enumerated[i].Mean + 1.5);
        }

        Assert.Equal(tiers.Sum(), sampled.Sum(m => m.Mean), 6);

        // A larger stake is drawn more often: among provers of one speed, earnings rise with stake.
        Assert.True(enumerated[13].Mean > 2 * enumerated[0].Mean);
    }

    [Fact]
    public void MoreTiersThanProversPayOnlyTheRanksThatExist()
    {
        var moments = Theory.TierRewards([10, 20], [5, 3, 2]);
        Assert.Equal([3.0, 5.0], moments.Select(m => m.Mean).ToArray());
    }

    // Brute force: every k-subset equally likely; within it, finishing order by speed, each tie in every
    // order equally likely; the first finisher earns tiers[0], the next tiers[1], …
    private static (double[] Mean, double[] Square) Enumerate(double[] speeds, double[] tiers, int k)
    {
        var n = speeds.Length;
        var mean = new double[n];
        var square = new double[n];
        var subsets = Subsets(n, k).ToList();
        foreach (var subset in subsets)
        {
            var orders = Orders(subset, speeds).ToList();
            foreach (var order in orders)
            {
                var weight = 1.0 / subsets.Count / orders.Count;
                for (var rank = 0; rank < order.Length; rank++)
                {
                    mean[order[rank]] += weight * tiers[rank];
                    square[order[rank]] += weight * tiers[rank] * tiers[rank];
                }
            }
        }

        return (mean, square);
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) == k)
            {
                yield return [.. Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0)];
            }
        }
    }

    // Every finishing order of the subset consistent with speed (fastest first), ties in every order.
    private static IEnumerable<int[]> Orders(int[] subset, double[] speeds) =>
        Permutations(subset).Where(p => p.Zip(p.Skip(1)).All(x => speeds[x.First] >= speeds[x.Second]));

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            foreach (var rest in Permutations([.. items.Take(i), .. items.Skip(i + 1)]))
            {
                yield return [items[i], .. rest];
            }
        }
    }
}
