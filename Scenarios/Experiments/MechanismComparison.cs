// The design studio's comparison (Scenarios/README.md "Mechanisms"): for every planned run, the run's
// trace is built once and replayed under each mechanism, so every mechanism meets the same demand, the
// same population and the same beacon randomness (common random numbers; each row carries the SHA-256
// of the trace as the mechanism consumed it). Writes mechanisms.csv (a row per run and mechanism),
// mechanism_provers.csv (a row per run, mechanism and prover), mechanism_workloads.csv (a row per run,
// mechanism and workload) and the comparison page.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Mechanisms;
using ProverSim.Reports;
using ProverSim.Scenarios.Results;

namespace ProverSim.Scenarios.Experiments;

public static class MechanismComparison
{
    public const string File = "mechanisms.csv";
    public const string ProversFile = "mechanism_provers.csv";
    public const string WorkloadsFile = "mechanism_workloads.csv";

    /// <summary>The figures of a mechanism's run, in mechanisms.csv's order after its leading columns.</summary>
    public static readonly ImmutableArray<string> Figures = [.. MechanismPage.Figures.Select(f => f.Column)];

    /// <summary>Runs the comparison over <paramref name="runs"/> and writes its files into <paramref name="directory"/>; returns the page's path.</summary>
    public static string Write(ExperimentPlan plan, IReadOnlyList<PlannedRun> runs, ImmutableArray<Mechanism> mechanisms, string directory, IProgress<string>? progress = null)
    {
        var behaviours = Behaviours.All.Where(b => runs.Any(r => r.Scenario.Groups.Any(g => g.Behaviour == b && g.Count > 0))).ToList();
        var rows = new List<object?[]>();
        var proverRows = new List<object?[]>();
        var workloadRows = new List<object?[]>();
        foreach (var run in runs)
        {
            var scenario = run.Scenario;
            var trace = scenario.Trace(run.RunId, run.Replication);
            foreach (var mechanism in mechanisms)
            {
                progress?.Report($"{run.RunId}: {MechanismCatalog.Name(mechanism)}");
                var result = MechanismModel.Run(trace, mechanism, scenario.MechanismParameters);
                object?[] lead = [run.RunId, run.Replication, .. run.Parameters.Select(p => PlannedRun.Label(p.Value)), MechanismCatalog.Name(mechanism), result.TraceSha256];
                rows.Add([.. lead, .. Row(result, trace, behaviours)]);
                foreach (var w in result.Workloads)
                {
                    workloadRows.Add([
                        run.RunId, run.Replication, MechanismCatalog.Name(mechanism), w.WorkloadId, w.Outcome.ToString().ToLowerInvariant(),
                        w.FirstProofMicros is { } first ? first / 1e6 : null, w.UserPaid, w.Minted, w.ProofsPaid]);
                }

                foreach (var p in result.Provers)
                {
                    var setup = trace.Prover(p.ProverId);
                    proverRows.Add([
                        run.RunId, run.Replication, MechanismCatalog.Name(mechanism), p.ProverId, setup.Group, setup.Behaviour, setup.Stake,
                        p.MemberMicros / 1e6, p.Proofs, p.Rewards, p.Fees, p.CollateralWon, p.PowRewards, p.Slashed, p.CollateralLost, p.Ejected, p.Net]);
                }
            }
        }

        Directory.CreateDirectory(directory);
        CsvFile.Write(Path.Combine(directory, File), [.. Header(plan), .. behaviours.Select(b => $"net_per_prover_{b}")], rows);
        CsvFile.Write(
            Path.Combine(directory, ProversFile),
            ["run_id", "replication", "mechanism", "prover", "group", "behaviour", "stake", "member_s", "proofs", "rewards", "fees", "collateral_won", "pow_rewards", "slashed", "collateral_lost", "ejected", "net"],
            proverRows);
        CsvFile.Write(
            Path.Combine(directory, WorkloadsFile),
            ["run_id", "replication", "mechanism", "workload_id", "outcome", "first_proof_s", "user_paid", "minted", "proofs_paid"],
            workloadRows);
        return MechanismPage.Write(directory);
    }

    // A swept key is a column of its own; one named like a column of the table (a swept `mechanism`, the
    // engine's) is written as sweep.<key>.
    public static IReadOnlyList<string> Header(ExperimentPlan plan) =>
        ["run_id", "replication", .. plan.Keys.Select(k => k is "mechanism" or "trace_sha256" || Figures.Contains(k) ? $"sweep.{k}" : k), "mechanism", "trace_sha256", .. Figures];

    private static object?[] Row(ModelRun run, MarketTrace trace, IReadOnlyList<string> behaviours)
    {
        var w = run.Workloads;
        var completed = w.Count(x => x.Outcome == ModelOutcome.Completed);
        var failed = w.Count(x => x.Outcome == ModelOutcome.Failed);
        var missed = w.Count(x => x.Outcome == ModelOutcome.Missed);
        var userPaid = w.Sum(x => x.UserPaid);
        var latencies = w.Where(x => x.FirstProofMicros is not null).Select(x => x.FirstProofMicros!.Value / 1e6).ToList();
        var members = run.Provers.Where(p => p.MemberMicros > 0).ToList();
        var gross = members.Select(p => (double)p.Gross).ToList();
        var stake = members.Sum(p => (double)trace.Prover(p.ProverId).Stake);
        var hardware = members.Sum(p => trace.Costs[(int)p.ProverId].HardwarePerSecond * p.MemberMicros / 1e6);
        var net = members.Sum(p => (double)p.Net);
        return
        [
            w.Length, completed, failed, missed,
            Round(completed + missed == 0 ? double.NaN : (double)missed / (completed + missed)),
            Round(completed == 0 ? double.NaN : (double)userPaid / completed),
            Round(latencies.Count == 0 ? double.NaN : Stats.Quantile(latencies, 0.5)),
            Round(latencies.Count == 0 ? double.NaN : Stats.Quantile(latencies, 0.99)),
            userPaid, w.Sum(x => x.Minted), run.Burned,
            Round(stake == 0 ? double.NaN : net / stake),
            Round(hardware == 0 ? double.NaN : net / hardware),
            Round(Stats.Gini(gross)), Round(Stats.Hhi(gross)), Stats.Nakamoto(gross), Round(Stats.Theil(gross)),
            Round(members.Count == 0 ? double.NaN : (double)members.Count(p => p.Gross == 0) / members.Count),
            .. behaviours.Select(b =>
            {
                var of = run.Provers.Where(p => trace.Prover(p.ProverId).Behaviour == b).ToList();
                return Round(of.Count == 0 ? double.NaN : of.Average(p => (double)p.Net));
            }),
        ];
    }

    // Six decimals: enough for every figure, and the same text on every machine.
    private static object? Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;
}
