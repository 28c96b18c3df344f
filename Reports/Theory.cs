// Theory beside the runs: what uniform VRF allocation with tiered rewards pays a prover in expectation.
// A workload draws k of the N eligible provers uniformly; the j-th valid proof in finishing order earns
// tier t_j, and every counted proof the fee for its cycles. A prover with m provers faster than it is
// drawn with probability k/N, and then the other k − 1 drawn are a uniform subset of the N − 1 others,
// so the number faster among them is hypergeometric: its rank is j with probability
//     C(m, j−1) · C(N−1−m, k−j) / C(N−1, k−1),
// and its expected tier reward per workload is (k/N) · Σ_j t_j · C(m, j−1) · C(N−1−m, k−j) / C(N−1, k−1).
// Provers of equal speed finish in the VRF order of the draw, a uniform order, so a prover tied with c − 1
// others behind f faster ones has m uniform over f … f + c − 1. This holds when every drawn prover
// proves (none declines, fails or queues behind its own work) and finishing order is speed order.
using MathNet.Numerics;

namespace ProverSim.Reports;

public static class Theory
{
    /// <summary>P(rank = j), j = 1 … k, of a drawn prover with <paramref name="faster"/> faster provers among <paramref name="n"/>.</summary>
    public static double[] RankProbabilities(int n, int k, int faster)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        ArgumentOutOfRangeException.ThrowIfNegative(faster);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(faster, n);
        var slower = n - 1 - faster;
        var total = SpecialFunctions.BinomialLn(n - 1, k - 1);
        var p = new double[k];
        for (var j = 1; j <= k; j++)
        {
            p[j - 1] = j - 1 > faster || k - j > slower ? 0 : Math.Exp(SpecialFunctions.BinomialLn(faster, j - 1) + SpecialFunctions.BinomialLn(slower, k - j) - total);
        }

        return p;
    }

    /// <summary>The expected tier reward per workload of a prover with <paramref name="faster"/> faster provers: (k/N) Σ t_j P(rank j).</summary>
    public static double ExpectedTierReward(int n, int faster, IReadOnlyList<double> tiers) => RawMoments(n, faster, tiers).Mean;

    // E[X] = (k/N) Σ t_j P(rank j) and E[X²] = (k/N) Σ t_j² P(rank j) of one workload's tier reward.
    private static (double Mean, double Square) RawMoments(int n, int faster, IReadOnlyList<double> tiers)
    {
        var k = tiers.Count;
        var p = RankProbabilities(n, k, faster);
        var drawn = (double)k / n;
        return (drawn * tiers.Select((t, j) => t * p[j]).Sum(), drawn * tiers.Select((t, j) => t * t * p[j]).Sum());
    }

    /// <summary>
    /// A prover's tier reward from one workload (0 when it is not drawn): its mean and variance, and the
    /// chance that it is drawn at all.
    /// </summary>
    public readonly record struct Moments(double Mean, double Variance, double Drawn);

    /// <summary>
    /// Each prover's tier reward per workload (mean and variance), given every eligible prover's speed (ties
    /// in the uniform VRF order). <paramref name="tiers"/> are the amounts of ranks 1 … k. Over W independent
    /// workloads a prover's total has W times the mean and W times the variance.
    /// </summary>
    public static Moments[] TierRewards(IReadOnlyList<double> speeds, IReadOnlyList<double> tiers)
    {
        var n = speeds.Count;
        var moments = new Moments[n];
        if (n == 0 || tiers.Count == 0)
        {
            return moments;
        }

        if (tiers.Count > n)
        {
            tiers = [.. tiers.Take(n)];
        }

        var drawn = (double)tiers.Count / n;
        var bySpeed = speeds.Select((s, i) => (Speed: s, Index: i)).OrderByDescending(x => x.Speed).ToList();
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end < n && bySpeed[end].Speed == bySpeed[start].Speed)
            {
                end++;
            }

            // A tie: m is uniform over the tied positions, so both moments are averages over them.
            double mean = 0, square = 0;
            for (var m = start; m < end; m++)
            {
                var raw = RawMoments(n, m, tiers);
                mean += raw.Mean;
                square += raw.Square;
            }

            mean /= end - start;
            square /= end - start;
            for (var i = start; i < end; i++)
            {
                moments[bySpeed[i].Index] = new Moments(mean, Math.Max(0, square - (mean * mean)), drawn);
            }

            start = end;
        }

        return moments;
    }

    /// <summary>
    /// A group's mean of its members' per-prover figures, and the standard deviation of that mean from the
    /// members' variances taken as independent.
    /// </summary>
    public static (double Mean, double Sd) GroupMean(IReadOnlyCollection<int> members, IReadOnlyList<double> mean, IReadOnlyList<double> variance) =>
        members.Count == 0 ? (0, 0) : (members.Average(i => mean[i]), Math.Sqrt(members.Sum(i => variance[i])) / members.Count);

    /// <summary>Ordered draws enumerated exactly up to this many; beyond, the moments are estimated by sampling.</summary>
    public const long ExactDraws = 2_000_000;

    /// <summary>Draws sampled when there are too many to enumerate.</summary>
    public const int Samples = 200_000;

    /// <summary>
    /// Each prover's tier reward per workload (mean and variance) when k provers are drawn one after the
    /// other, each with probability proportional to its stake among those not yet drawn (stake-weighted
    /// allocation). There is no closed form: the ordered draws are enumerated exactly — an ordered draw
    /// (i₁ … i_k) has probability Π_t w(i_t) / (W − w(i₁) − … − w(i_{t−1})) — when there are at most
    /// <see cref="ExactDraws"/> of them, and otherwise <see cref="Samples"/> draws are sampled from a fixed
    /// seed (each draw from all provers, a prover already drawn drawn again, which is the same law).
    /// Within a draw the finishing order is by speed, equal speeds in the order drawn.
    /// </summary>
    public static (Moments[] Moments, bool Exact) TierRewardsByStake(
        IReadOnlyList<double> speeds, IReadOnlyList<double> stakes, IReadOnlyList<double> tiers, int seed = 1, long exactDraws = ExactDraws)
    {
        var n = speeds.Count;
        var sum = new double[n];
        var square = new double[n];
        var chance = new double[n];
        if (n == 0 || tiers.Count == 0)
        {
            return (new Moments[n], true);
        }

        var k = Math.Min(tiers.Count, n);
        if (stakes.Any(w => w <= 0))
        {
            throw new ArgumentException("stake weighting needs every stake > 0");
        }

        var total = stakes.Sum();
        var ordered = 1.0;
        for (var t = 0; t < k; t++)
        {
            ordered *= n - t;
        }

        var drawn = new int[k];
        if (ordered <= exactDraws)
        {
            void Enumerate(int depth, double probability, double left)
            {
                if (depth == k)
                {
                    Pay(drawn, probability);
                    return;
                }

                for (var i = 0; i < n; i++)
                {
                    if (Array.IndexOf(drawn, i, 0, depth) < 0)
                    {
                        drawn[depth] = i;
                        Enumerate(depth + 1, probability * stakes[i] / left, left - stakes[i]);
                    }
                }
            }

            Enumerate(0, 1, total);
            return (Result(), true);
        }

        var cumulative = new double[n];
        var running = 0.0;
        for (var i = 0; i < n; i++)
        {
            running += stakes[i];
            cumulative[i] = running;
        }

        var random = new Random(seed);
        for (var s = 0; s < Samples; s++)
        {
            for (var t = 0; t < k; t++)
            {
                int pick;
                do
                {
                    var point = random.NextDouble() * running;
                    pick = Array.BinarySearch(cumulative, point);
                    pick = pick < 0 ? ~pick : pick + 1;
                    pick = Math.Min(pick, n - 1);
                }
                while (Array.IndexOf(drawn, pick, 0, t) >= 0);
                drawn[t] = pick;
            }

            Pay(drawn, 1.0 / Samples);
        }

        return (Result(), false);

        Moments[] Result() => [.. Enumerable.Range(0, n).Select(i => new Moments(sum[i], Math.Max(0, square[i] - (sum[i] * sum[i])), chance[i]))];

        // The drawn provers finish by speed, equal speeds in the order they were drawn (the VRF tie-break is
        // the draw's rank; under stake weighting a larger stake tends to be drawn, and so to finish, first).
        void Pay(int[] set, double weight)
        {
            var byRank = set.OrderByDescending(i => speeds[i]).ToArray();
            for (var r = 0; r < k; r++)
            {
                sum[byRank[r]] += weight * tiers[r];
                square[byRank[r]] += weight * tiers[r] * tiers[r];
                chance[byRank[r]] += weight;
            }
        }
    }

    /// <summary>
    /// One group of a run beside the theory: its members' mean tier rewards, simulated and expected, and the
    /// spread of that mean under the theory, from each member's variance with the members taken as
    /// independent. Members compete for the same tiers, so their rewards are negatively correlated and the
    /// true spread is smaller: the interval is conservative (a group holding every prover cannot miss it).
    /// </summary>
    public sealed record GroupCheck(string Group, int Provers, double Simulated, double Expected, double Sd)
    {
        /// <summary>Half the width of the interval: 2.576 deviations (99% were the members independent).</summary>
        public double Margin => 2.576 * Sd;

        public bool Within => Inside(Simulated, Expected, Margin);
    }

    /// <summary>Whether <paramref name="value"/> lies within <paramref name="margin"/> of <paramref name="expected"/>, rounding forgiven.</summary>
    public static bool Inside(double value, double expected, double margin) =>
        Math.Abs(value - expected) <= margin + (1e-9 * Math.Max(1, Math.Abs(expected)));

    /// <summary>A run's groups beside the theory, or why its population does not make them computable.</summary>
    public sealed record RunCheck(IReadOnlyList<GroupCheck> Groups, string? WhyNot);

    /// <summary>
    /// The expected tier rewards of a run's provers, given its completed workloads' tier amounts (each
    /// workload drew as many provers as it paid tiers) and the provers' actual speeds (and stakes, for
    /// stake-weighted allocation). Computable when no prover was removed, left or never joined; only the
    /// workloads of epochs whose snapshot held every prover count, on both sides.
    /// </summary>
    public static RunCheck Check(RunData run)
    {
        var mechanism = run.Summary["mechanism"]?.GetValue<string>() ?? "vrf-tiered";
        if (mechanism != "vrf-tiered")
        {
            return new RunCheck([], $"the run's mechanism is {mechanism}: its reward does not follow the tiers");
        }

        var weight = run.Summary["parameters"]?["allocation_weight"]?.GetValue<string>() ?? "uniform";
        if (weight is not ("uniform" or "stake"))
        {
            return new RunCheck([], $"allocation_weight is {weight}: no theory for it here");
        }

        var changed = run.Provers.Count(p => p.Status != "active");
        if (changed > 0)
        {
            return new RunCheck([], $"{changed} of {run.Provers.Count} provers were removed, left or never joined: the eligible set was not fixed");
        }

        // Only the workloads drawn from every prover count (an epoch whose snapshot held them all), on both
        // sides: what they paid each prover, and what the theory expects of them.
        var n = run.Provers.Count;
        var completed = run.Workloads.Where(w => w.Outcome == "completed" && w.TierRewardsByRank.Count > 0
            && (run.EpochMembers.Count == 0 || (w.Epoch is { } e && run.EpochMembers.GetValueOrDefault(e) == n))).ToList();
        if (completed.Count == 0 || n == 0)
        {
            return new RunCheck([], "no workload drawn from every prover completed");
        }

        var index = run.Provers.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var paid = new double[n];
        foreach (var (prover, amount) in completed.SelectMany(w => w.TierPaid ?? []))
        {
            paid[index[prover]] += amount;
        }

        // Workloads that paid the same tiers share one computation.
        var speeds = run.Provers.Select(p => p.Speed).ToArray();
        var stakes = run.Provers.Select(p => p.Stake).ToArray();
        var mean = new double[speeds.Length];
        var variance = new double[speeds.Length];
        foreach (var same in completed.GroupBy(w => string.Join(',', w.TierRewardsByRank)))
        {
            var moments = weight == "stake" ? TierRewardsByStake(speeds, stakes, same.First().TierRewardsByRank).Moments : TierRewards(speeds, same.First().TierRewardsByRank);
            for (var i = 0; i < speeds.Length; i++)
            {
                mean[i] += same.Count() * moments[i].Mean;
                variance[i] += same.Count() * moments[i].Variance;
            }
        }

        var groups = run.Provers.Select((p, i) => (p.Group, Index: i)).GroupBy(x => x.Group).Select(g =>
        {
            var members = g.Select(x => x.Index).ToList();
            var (expected, sd) = GroupMean(members, mean, variance);
            return new GroupCheck(g.Key, members.Count, members.Average(i => paid[i]), expected, sd);
        }).ToList();
        return new RunCheck(groups, null);
    }
}
