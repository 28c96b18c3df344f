// A virtual prover (DESIGN.md §1, §2.1 phases 3–7). It holds its job-slot schedule in virtual time,
// takes offers in canonical order, and really runs and proves each accepted job (VM + STARK); the
// virtual duration is input transfer + cycles ÷ its *actual* speed (± seeded jitter), whatever the
// host's load. A workload's proof goes to the mempool in a capsule at the finish time; a challenge's
// answer goes to the validators. Each call computes first and commits its state once at the end.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

public sealed class ProverGrain(
    [PersistentState("prover", StorageNames.Simulation)] IPersistentState<ProverState> state,
    RunContexts runs) : Grain, IProverGrain
{
    private ProverState S => state.State;

    private ProverSetup Setup => S.Setup ?? throw new InvalidOperationException($"prover {this.GetPrimaryKeyString()} is not initialized");

    private string RunId => RunKeys.RunOf(this.GetPrimaryKeyString());

    private IMempoolGrain Mempool => GrainFactory.GetGrain<IMempoolGrain>(RunId);

    public async Task InitializeAsync(ProverSetup setup)
    {
        var slots = new JobSlots(setup.JobSlots);
        state.State = new ProverState { Setup = setup, Busy = slots.Busy, BusyJobs = slots.Jobs };
        await state.WriteStateAsync();
    }

    public async Task<ImmutableArray<JobReport>> DecideAsync(long slot, ImmutableArray<JobOffer> offers)
    {
        if (S.DecidedSlot == slot)
        {
            return S.Decided;
        }

        var (reports, busy, jobs, counters) = await WorkAsync(slot, offers);
        S.Busy = busy;
        S.BusyJobs = jobs;
        S.Counters = counters;
        S.DecidedSlot = slot;
        S.Decided = reports;
        await state.WriteStateAsync();
        return reports;
    }

    public async Task<ImmutableArray<JobReport>> MarketAsync(long slot, ImmutableArray<JobOffer> offers)
    {
        if (S.MarketSlot == slot)
        {
            return S.MarketReplies;
        }

        var (reports, busy, jobs, counters) = await WorkAsync(slot, offers);
        S.Busy = busy;
        S.BusyJobs = jobs;
        S.Counters = counters;
        S.MarketSlot = slot;
        S.MarketReplies = reports;
        await state.WriteStateAsync();
        return reports;
    }

    public async Task<JobReport> BidAsync(long slot, JobOffer offer)
    {
        var key = $"{offer.Kind}/{offer.JobId}";
        if (S.BidSlot == slot && S.Bids.TryGetValue(key, out var answered))
        {
            return answered;
        }

        var (reports, busy, jobs, counters) = await WorkAsync(slot, [offer]);
        S.Busy = busy;
        S.BusyJobs = jobs;
        S.Counters = counters;
        S.Bids = (S.BidSlot == slot ? S.Bids : ImmutableDictionary<string, JobReport>.Empty).Add(key, reports[0]);
        S.BidSlot = slot;
        await state.WriteStateAsync();
        return reports[0];
    }

    public async Task<ImmutableArray<CopyReport>> CopyAsync(long slot, ImmutableArray<CopyTask> tasks)
    {
        if (S.CopiedSlot == slot)
        {
            return S.Copied;
        }

        var run = (await runs.GetAsync(RunId)).Setup;
        var found = await Mempool.ReadAsync([.. tasks.Select(t => t.WorkloadId)]);
        var reports = ImmutableArray.CreateBuilder<CopyReport>(tasks.Length);
        var posts = new List<CapsulePost>();
        foreach (var (task, workload) in tasks.Zip(found))
        {
            var copy = CopierStrategy.Copy(Setup.ProverId, task, workload, run.Seed, run.Replication);
            reports.Add(new CopyReport(task.WorkloadId, Setup.ProverId, task.Market, task.Rank, copy?.PostedMicros));
            if (copy is not null)
            {
                posts.Add(copy);
            }
        }

        await Mempool.PostAsync([.. posts]);
        S.Counters = S.Counters with { CopiesPosted = S.Counters.CopiesPosted + posts.Count };
        S.CopiedSlot = slot;
        S.Copied = reports.MoveToImmutable();
        await state.WriteStateAsync();
        return S.Copied;
    }

    public async Task RevealAsync(long slot, ImmutableArray<RevealRequest> workloads)
    {
        var run = (await runs.GetAsync(RunId)).Setup;
        await Mempool.RevealAsync([.. workloads.Select(w => new KeyReveal(
            w.WorkloadId, Setup.ProverId, w.AtMicros, CapsuleKeys.Temporary(run.Seed, run.Replication, Setup.ProverId, w.WorkloadId).Secret))]);
    }

    public Task<ProverRecord> GetRecordAsync()
    {
        var c = S.Counters;
        return Task.FromResult(new ProverRecord(Setup, c.JobsRun, c.CyclesRun, c.Declines, c.MarketAttempts, c.ChallengesRun, c.CopiesPosted));
    }

    // Takes the offers in canonical order against a copy of the job slots (a challenge before a job that
    // arrives at the same instant); nothing of the grain's state changes until the caller commits what
    // this returns.
    private async Task<(ImmutableArray<JobReport> Reports, long[][] Busy, long[][] Jobs, ProverCounters Counters)> WorkAsync(long slot, ImmutableArray<JobOffer> offers)
    {
        var context = await runs.GetAsync(RunId);
        var work = new ProverWork(Setup, context, slot, new JobSlots(S.Busy, S.BusyJobs), S.Counters);
        var reports = offers.OrderBy(o => o.ArrivalMicros).ThenBy(o => o.Kind != JobKind.Challenge).ThenBy(o => o.Kind).ThenBy(o => o.JobId).ThenBy(o => o.Rank)
            .Select(work.Take).ToArray();
        if (work.Capsules.Count > 0)
        {
            await Mempool.PostAsync([.. work.Capsules]);
        }

        // The validators judge each challenge answer; the proof goes no further.
        var validator = GrainFactory.GetGrain<IValidatorGrain>(RunId);
        var checks = await Task.WhenAll(work.Answers.Select(a => validator.CheckChallengeAsync(a.Challenge, a.Claim)));
        foreach (var ((index, _), check) in work.Answers.Select(a => (a.ReportIndex, a)).Zip(checks))
        {
            reports[index] = reports[index] with { Check = check };
        }

        return ([.. reports], work.Busy, work.Jobs, work.Counters);
    }
}
