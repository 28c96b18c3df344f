// Phases 6 and 7 of a slot: a workload closes when every participant has finished (so k proofs exist
// or every assigned prover finished or failed); the validator verifies each participant's STARK proof;
// workloads whose close time falls in this slot are settled in (close time, id) order by the rules.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Actors.Simulation;

public sealed partial class SimulationGrain
{
    private async Task CompleteAsync(
        SlotTick tick,
        List<(WorkloadSpec Spec, WorkloadAllocation Allocation)> arrived,
        List<JobReport> decided,
        List<(JobReport Report, bool Won)> market)
    {
        var allocated = decided.Where(r => r.Kind == JobKind.Allocated).ToLookup(r => r.JobId);
        var contenders = market.ToLookup(m => m.Report.JobId);
        var records = new List<(long WorkloadId, WorkloadExecution Execution)>();
        var participation = arrived.Select(a => (a.Spec, Participants: allocated[a.Spec.WorkloadId]
            .Select(r => (Report: r, Participation: new Participation(r.ProverId, r.Rank, false, r.Outcome == JobOutcome.Declined, r.Outcome != JobOutcome.Declined, r.FinishMicros)))
            .Concat(contenders[a.Spec.WorkloadId].Select(m => (m.Report, Participation: new Participation(m.Report.ProverId, m.Report.Rank, true, false, m.Won, m.Report.FinishMicros))))
            .ToList())).ToList();

        // Every proof that counts toward the workload is verified, all of them in parallel.
        var counted = participation.SelectMany(p => p.Participants.Where(x => x.Participation.Won).Select(x => (p.Spec, x.Report))).ToList();
        var verdicts = ProofCheck.Check([.. counted.Select(c => (c.Report, c.Spec.Program, c.Spec.Input))]);
        var valid = counted.Select((c, i) => (c.Report, Valid: verdicts[i])).Where(x => x.Valid).Select(x => x.Report).ToHashSet();
        tick.ProofsVerified += valid.Count;
        tick.ProofBytes += counted.Sum(c => (long)(c.Report.Proof?.Length ?? 0));

        foreach (var (spec, participants) in participation)
        {
            var working = participants.Where(p => p.Participation.Won).Select(p => p.Report).ToList();
            var proven = working.Where(valid.Contains).ToList();
            var execution = Execute(spec, working, proven, [.. participants.Select(p => p.Participation)]);
            var proofs = proven.Select(r => new CountedProof(r.ProverId, r.FinishMicros, r.Rank));
            S.Pending[spec.WorkloadId] = new PendingWorkload(
                spec.WorkloadId, spec.UserId, spec.Escrow, execution.CloseMicros, execution.Outcome, execution.Cycles, [.. OpenMarket.Counted(proofs, P.K)]);
            records.Add((spec.WorkloadId, execution));
        }

        await Task.WhenAll(records.Select(r => Workload(r.WorkloadId).RecordExecutionAsync(r.Execution)));
    }

    // The validator's view of a workload: completed when at least one proof verified (every verified
    // proof states the same output and cycles: the program is deterministic); otherwise nobody worked on
    // it (unserved), or the program ran out of its paid cycles (failed, confirmed by running it, since a
    // run that does not halt has no proof), or the provers delivered nothing valid (unserved).
    private static WorkloadExecution Execute(WorkloadSpec spec, List<JobReport> working, List<JobReport> proven, ImmutableArray<Participation> participants)
    {
        if (working.Count == 0)
        {
            return new WorkloadExecution(WorkloadOutcome.Unserved, 0, [], spec.ArrivalMicros, participants);
        }

        var close = working.Max(r => r.FinishMicros);
        if (proven.Count > 0)
        {
            return new WorkloadExecution(WorkloadOutcome.Completed, proven[0].Cycles, proven[0].Output, close, participants);
        }

        var run = Interpreter.Run(VmProgram.FromWords([.. spec.Program]), spec.Input.AsSpan(), spec.PaidCycles);
        var outcome = run.Status == RunStatus.Halted ? WorkloadOutcome.Unserved : WorkloadOutcome.Failed;
        return new WorkloadExecution(outcome, run.Cycles, [], close, participants);
    }

    private async Task SettleAsync(SlotTick tick)
    {
        var closing = S.Pending.Values.Where(w => w.CloseMicros < tick.End).OrderBy(w => w.CloseMicros).ThenBy(w => w.WorkloadId).ToList();
        if (closing.Count == 0)
        {
            return;
        }

        var settled = closing.Select(w => (Workload: w, Entries: Rewards.Settle(
            w.WorkloadId, w.UserId, w.Escrow, completed: w.Outcome != WorkloadOutcome.Failed, w.Cycles, w.Proofs, P))).ToList();
        await LedgerGrain.ApplyAsync($"{tick.Slot}/settle", [.. settled.SelectMany(s => s.Entries)]);
        await Task.WhenAll(settled.Select(s => Workload(s.Workload.WorkloadId).SettleAsync(new WorkloadSettlement(tick.Slot, [.. s.Entries]))));
        foreach (var (workload, _) in settled)
        {
            S.Pending.Remove(workload.WorkloadId);
        }

        tick.Completed = closing.Count(w => w.Outcome == WorkloadOutcome.Completed);
        tick.Failed = closing.Count(w => w.Outcome == WorkloadOutcome.Failed);
        tick.Unserved = closing.Count(w => w.Outcome == WorkloadOutcome.Unserved);
    }
}
