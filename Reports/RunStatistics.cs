// What a run says about who earned what: per run and per prover group, the
// distribution of earnings, its inequality and concentration, earnings per unit of hardware and of
// stake, the share of each reward tier, the challenge pass rate, latencies from submission to first
// proof, to the user's opening and to verification, and the fees of failed workloads.
namespace ProverSim.Reports;

/// <summary>The earnings distribution of a set of provers.</summary>
public sealed record Distribution(
    string Name, int Provers, double Total, double Mean, double Median, double P10, double P90, double Gini, double Theil, double Hhi, int Nakamoto,
    double PerSpeedMean, double PerSpeedCv, double PerStakeMean, double PerStakeCv, IReadOnlyList<(double Population, double Share)> Lorenz)
{
    public static Distribution Of(string name, IReadOnlyList<ProverRow> provers)
    {
        var earnings = provers.Select(p => p.Earnings).ToArray();
        var perSpeed = provers.Where(p => p.Speed > 0).Select(p => p.Earnings / p.Speed).ToArray();
        var perStake = provers.Where(p => p.Stake > 0).Select(p => p.Earnings / p.Stake).ToArray();
        return new Distribution(
            name, provers.Count, earnings.Sum(), Stats.Mean(earnings), Stats.Median(earnings), Stats.Quantile(earnings, 0.1), Stats.Quantile(earnings, 0.9),
            Stats.Gini(earnings), Stats.Theil(earnings), Stats.Hhi(earnings), Stats.Nakamoto(earnings),
            Stats.Mean(perSpeed), Stats.CoefficientOfVariation(perSpeed), Stats.Mean(perStake), Stats.CoefficientOfVariation(perStake), Stats.Lorenz(earnings));
    }
}

/// <summary>p50, p90 and p99 of a latency in milliseconds of virtual time, over the workloads that reached it.</summary>
public sealed record Latency(string Name, int Count, double P50, double P90, double P99, IReadOnlyList<double> SortedMs)
{
    public static Latency Of(string name, IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new Latency(name, sorted.Length, Stats.Quantile(sorted, 0.5), Stats.Quantile(sorted, 0.9), Stats.Quantile(sorted, 0.99), sorted);
    }
}

public sealed class RunStatistics
{
    private RunStatistics(RunData run)
    {
        Run = run;
        All = Distribution.Of("all provers", run.Provers);
        Groups = [.. run.Provers.GroupBy(p => p.Group).OrderBy(g => run.Provers.First(p => p.Group == g.Key).Id).Select(g => Distribution.Of(g.Key, [.. g]))];
        var ranks = run.Workloads.Count == 0 ? 0 : run.Workloads.Max(w => w.TierRewardsByRank.Count);
        var tierTotal = run.Workloads.Sum(w => w.TierRewardsByRank.Sum());
        TierShares = [.. Enumerable.Range(0, ranks).Select(r => tierTotal == 0 ? 0 : run.Workloads.Where(w => w.TierRewardsByRank.Count > r).Sum(w => w.TierRewardsByRank[r]) / tierTotal)];
        var passed = run.Slots.Sum(s => s.ChallengesPassed);
        var judged = passed + run.Slots.Sum(s => s.ChallengesMissed);
        ChallengePassRate = judged == 0 ? double.NaN : passed / (double)judged;
        Challenges = judged;
        FirstProof = Latency.Of("submission → first valid proof", Since(run, w => w.FirstProofUs));
        UserOpened = Latency.Of("submission → user opens a proof", Since(run, w => w.UserOpenedUs));
        Verified = Latency.Of("submission → verified (after the reveal)", Since(run, w => w.VerifiedUs));
        Completed = run.Workloads.Count(w => w.Outcome == "completed");
        Failed = run.Workloads.Count(w => w.Outcome == "failed");
        Unserved = run.Workloads.Count(w => w.Outcome == "unserved");
        BurnedFees = run.Workloads.Sum(w => w.Burned);
    }

    public RunData Run { get; }

    public Distribution All { get; }

    public IReadOnlyList<Distribution> Groups { get; }

    /// <summary>Share of all tier rewards paid to each finishing rank (first, second, …).</summary>
    public IReadOnlyList<double> TierShares { get; }

    public double ChallengePassRate { get; }

    public int Challenges { get; }

    public Latency FirstProof { get; }

    public Latency UserOpened { get; }

    public Latency Verified { get; }

    public int Completed { get; }

    public int Failed { get; }

    public int Unserved { get; }

    public double BurnedFees { get; }

    public static RunStatistics Of(RunData run) => new(run);

    /// <summary>The headline figures, in a fixed order: what a table shows and what replications are averaged over.</summary>
    public IReadOnlyList<(string Key, string Label, double Value)> Headline =>
    [
        ("gini", "Gini of earnings", All.Gini),
        ("theil", "Theil index", All.Theil),
        ("hhi", "HHI", All.Hhi),
        ("nakamoto", "Nakamoto coefficient", All.Nakamoto),
        ("mean_earnings", "mean earnings per prover", All.Mean),
        ("median_earnings", "median earnings per prover", All.Median),
        ("per_speed_cv", "CV of earnings per cycle/s", All.PerSpeedCv),
        ("per_stake_cv", "CV of earnings per unit of stake", All.PerStakeCv),
        ("tier1_share", "share of tier rewards to first proofs", TierShares.Count > 0 ? TierShares[0] : double.NaN),
        ("challenge_pass_rate", "challenge pass rate", ChallengePassRate),
        ("first_proof_p50_ms", "first proof p50 (ms)", FirstProof.P50),
        ("first_proof_p99_ms", "first proof p99 (ms)", FirstProof.P99),
        ("verified_p50_ms", "verified p50 (ms)", Verified.P50),
        ("verified_p99_ms", "verified p99 (ms)", Verified.P99),
        ("completed", "workloads completed", Completed),
        ("failed", "workloads failed", Failed),
        ("burned_fees", "fees burned", BurnedFees),
    ];

    private static IEnumerable<double> Since(RunData run, Func<WorkloadRow, double?> at) =>
        run.Workloads.Where(w => at(w) is not null).Select(w => (at(w)!.Value - w.ArrivalUs) / 1000.0);
}
