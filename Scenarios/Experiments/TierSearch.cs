// Searching the tier split for a goal (`provsim tune`), at each point of the file's sweep when it has one:
// successive halving over a lattice of splits (paired with sweep points), a method made for noisy objectives. Every candidate is run once; the feasible half with the best mean
// objective goes on with twice the replications, and so on until one is left or the budget of runs is
// spent. Replication r of every candidate uses the same random streams (common random numbers: the same
// demand and population), so candidates are compared on the same draws and the noise between them
// shrinks. The best is the survivor with the best mean over its replications, reported with the 95%
// bootstrap interval of that mean.
using System.Collections.Immutable;
using System.Globalization;
using ProverSim.Grains.Protocol;

namespace ProverSim.Scenarios.Experiments;

/// <summary>What a run is measured by: the objective and the constraints read these.</summary>
public static class TuneMetrics
{
    /// <summary>Every metric, with what it is; "p99_first_proof_s" is also accepted for "p99_first_proof".</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["gini"] = "Gini of earnings over all provers (0: equal)",
        ["nakamoto"] = "the fewest provers holding more than half of all earnings",
        ["p99_first_proof"] = "p99 of the time from submission to the first valid proof, in seconds",
        ["user_cost"] = "what users paid (fees, and fees burned) per completed workload, in base units",
    };

    public static string Canonical(string name) => name == "p99_first_proof_s" ? "p99_first_proof" : name;
}

/// <summary>A constraint on a metric: "p99_first_proof_s<=2", "gini<0.4", "nakamoto>=3".</summary>
public sealed record TuneConstraint(string Metric, string Operator, double Bound)
{
    public static TuneConstraint Parse(string text)
    {
        foreach (var op in new[] { "<=", ">=", "<", ">" })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var metric = TuneMetrics.Canonical(text[..at].Trim());
            if (!TuneMetrics.All.ContainsKey(metric))
            {
                throw new Commands.InputError($"--subject-to '{text}': unknown metric '{text[..at].Trim()}'; allowed: {string.Join(", ", TuneMetrics.All.Keys)} (p99_first_proof_s is p99_first_proof)");
            }

            return double.TryParse(text[(at + op.Length)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var bound)
                ? new TuneConstraint(metric, op, bound)
                : throw new Commands.InputError($"--subject-to '{text}': expected a number after '{op}'");
        }

        throw new Commands.InputError($"--subject-to '{text}': expected METRIC<=NUMBER (or >=, <, >), e.g. p99_first_proof_s<=2");
    }

    public bool Holds(double value) => Operator switch
    {
        "<=" => value <= Bound,
        ">=" => value >= Bound,
        "<" => value < Bound,
        _ => value > Bound,
    };

    public override string ToString() => $"{Metric}{Operator}{Bound.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A candidate: a tier split at a sweep point (its index among the file's sweep points; 0 without a sweep).</summary>
public sealed record TuneCandidate(ImmutableArray<long> TiersPpm, int Point = 0);

/// <summary>One evaluation: a candidate's replication and what it measured.</summary>
public sealed record TuneEvaluation(int Round, int Candidate, ImmutableArray<long> TiersPpm, int Replication, IReadOnlyDictionary<string, double> Metrics, bool Feasible, int Point = 0);

/// <summary>
/// The search's answer: the best split, its mean objective and interval over its replications, whether it
/// meets every constraint (when none does, the best of the infeasible is given, and says so), and every evaluation.
/// </summary>
public sealed record TuneResult(ImmutableArray<long> BestTiersPpm, double Mean, double Low, double High, int Replications, bool Feasible, IReadOnlyList<TuneEvaluation> Evaluations, int BestPoint = 0);

public static class TierSearch
{
    /// <summary>The lattice step: tiers are multiples of 5%.</summary>
    public const int LatticeParts = 20;

    /// <summary>
    /// The non-increasing splits of the reward over <paramref name="k"/> tiers in steps of 1/<see cref="LatticeParts"/>,
    /// each tier at least one step (every completing prover earns some reward), flattest last.
    /// </summary>
    public static IReadOnlyList<ImmutableArray<long>> Lattice(int k)
    {
        var splits = new List<ImmutableArray<long>>();
        void Extend(List<int> parts, int left, int max)
        {
            if (parts.Count == k - 1)
            {
                if (left >= 1 && left <= max)
                {
                    splits.Add([.. parts.Append(left).Select(p => (long)p * ProtocolParameters.Ppm / LatticeParts)]);
                }

                return;
            }

            for (var part = Math.Min(max, left - (k - 1 - parts.Count)); part >= 1; part--)
            {
                parts.Add(part);
                Extend(parts, left - part, part);
                parts.RemoveAt(parts.Count - 1);
            }
        }

        Extend([], LatticeParts, LatticeParts);
        return splits;
    }

    /// <summary>
    /// Up to <paramref name="count"/> candidates: the scenario's own split first, then lattice points in an
    /// order drawn from the seed.
    /// </summary>
    public static IReadOnlyList<ImmutableArray<long>> Candidates(ImmutableArray<long> own, int count, long seed)
    {
        var lattice = Lattice(own.Length).Where(s => !s.SequenceEqual(own)).ToList();
        var random = new DerivedRandom(seed, 0, "tune/candidates", 0);
        for (var i = lattice.Count - 1; i > 0; i--)
        {
            var j = (int)random.NextInt64(0, i + 1);
            (lattice[i], lattice[j]) = (lattice[j], lattice[i]);
        }

        return [own, .. lattice.Take(Math.Max(0, count - 1))];
    }

    /// <summary>
    /// Up to <paramref name="count"/> candidates over sweep points (each point's own split, its k tiers):
    /// every point's own split first, then (lattice split, point) pairs in an order drawn from the seed.
    /// </summary>
    public static IReadOnlyList<TuneCandidate> Candidates(IReadOnlyList<ImmutableArray<long>> ownByPoint, int count, long seed)
    {
        var own = ownByPoint.Select((tiers, point) => new TuneCandidate(tiers, point)).ToList();
        var pairs = ownByPoint.SelectMany((tiers, point) => Lattice(tiers.Length).Where(s => !s.SequenceEqual(tiers)).Select(s => new TuneCandidate(s, point))).ToList();
        var random = new DerivedRandom(seed, 0, "tune/candidates", 0);
        for (var i = pairs.Count - 1; i > 0; i--)
        {
            var j = (int)random.NextInt64(0, i + 1);
            (pairs[i], pairs[j]) = (pairs[j], pairs[i]);
        }

        return [.. own.Concat(pairs).Take(count)];
    }

    /// <summary>
    /// Successive halving over <paramref name="candidates"/> within <paramref name="budget"/> runs:
    /// <paramref name="evaluate"/> runs (candidate index, split, replication) and returns its metrics;
    /// <paramref name="evaluated"/> hears the evaluations so far after each one.
    /// </summary>
    public static Task<TuneResult> RunAsync(
        IReadOnlyList<ImmutableArray<long>> candidates, int budget, string objective, bool minimise, IReadOnlyList<TuneConstraint> constraints,
        Func<int, ImmutableArray<long>, int, Task<IReadOnlyDictionary<string, double>>> evaluate,
        Action<IReadOnlyList<TuneEvaluation>>? evaluated = null, CancellationToken cancellationToken = default) =>
        RunAsync([.. candidates.Select(c => new TuneCandidate(c))], budget, objective, minimise, constraints, (i, c, r) => evaluate(i, c.TiersPpm, r), evaluated, cancellationToken);

    /// <summary>The same search over candidates that are (split, sweep point) pairs.</summary>
    public static async Task<TuneResult> RunAsync(
        IReadOnlyList<TuneCandidate> candidates, int budget, string objective, bool minimise, IReadOnlyList<TuneConstraint> constraints,
        Func<int, TuneCandidate, int, Task<IReadOnlyDictionary<string, double>>> evaluate,
        Action<IReadOnlyList<TuneEvaluation>>? evaluated = null, CancellationToken cancellationToken = default)
    {
        if (candidates.Count == 0 || budget < 1)
        {
            throw new ArgumentException("no candidates or no budget");
        }

        var evaluations = new List<TuneEvaluation>();
        var done = new Dictionary<int, List<IReadOnlyDictionary<string, double>>>();
        var alive = Enumerable.Range(0, Math.Min(candidates.Count, budget)).ToList();
        var replications = 1;
        for (var round = 0; ; round++)
        {
            // Bring every survivor up to this round's replications, while the budget lasts.
            foreach (var c in alive)
            {
                var have = done.GetValueOrDefault(c) ?? [];
                done[c] = have;
                for (var r = have.Count; r < replications && evaluations.Count < budget; r++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var metrics = await evaluate(c, candidates[c], r);
                    have.Add(metrics);
                    evaluations.Add(new TuneEvaluation(round, c, candidates[c].TiersPpm, r, metrics, constraints.All(x => x.Holds(metrics[x.Metric])), candidates[c].Point));
                    evaluated?.Invoke(evaluations);
                }
            }

            // Only candidates with every replication of the round are ranked; the feasible come first.
            var ranked = alive.Where(c => done[c].Count >= replications)
                .OrderBy(c => Feasible(done[c], constraints) ? 0 : 1)
                .ThenBy(c => Mean(done[c], objective) is var v && double.IsNaN(v) ? double.PositiveInfinity : (minimise ? v : -v))
                .ThenBy(c => c)
                .ToList();
            if (ranked.Count <= 1 || evaluations.Count >= budget)
            {
                var best = ranked.Count > 0 ? ranked[0] : alive[0];
                var values = done[best].Select(m => m[objective]).Where(v => !double.IsNaN(v)).ToList();
                var interval = values.Count == 0 ? new Reports.Estimate(double.NaN, double.NaN, double.NaN, 0) : Reports.Stats.Bootstrap(values);
                return new TuneResult(candidates[best].TiersPpm, interval.Mean, interval.Low, interval.High, values.Count, Feasible(done[best], constraints), evaluations, candidates[best].Point);
            }

            alive = ranked.Take((ranked.Count + 1) / 2).ToList();
            replications *= 2;
        }
    }

    private static double Mean(List<IReadOnlyDictionary<string, double>> runs, string metric) => runs.Average(m => m[metric]);

    // A candidate is feasible when its mean of each constrained metric holds the constraint.
    private static bool Feasible(List<IReadOnlyDictionary<string, double>> runs, IReadOnlyList<TuneConstraint> constraints) =>
        constraints.All(x => x.Holds(Mean(runs, x.Metric)));

    /// <summary>A split as the scenario file writes it: [0.6, 0.25, 0.15].</summary>
    public static string Show(ImmutableArray<long> tiersPpm) =>
        "[" + string.Join(", ", tiersPpm.Select(t => (t / (double)ProtocolParameters.Ppm).ToString("0.###", CultureInfo.InvariantCulture))) + "]";
}
