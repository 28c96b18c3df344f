// A virtual prover (DESIGN.md §1, §2.1 phases 3–7). It holds its job-slot schedule in virtual time,
// takes offers in canonical order, and really runs and proves each accepted job (VM + STARK); the virtual duration is
// input transfer + cycles ÷ its *actual* speed (± seeded jitter), whatever the host's load. A workload's
// proof goes to the mempool in a capsule at the finish time; its temporary key is revealed at the close.
using System.Collections.Immutable;
using System.Diagnostics;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

public sealed class ProverGrain(
    [PersistentState("prover", "simulation")] IPersistentState<ProverState> state) : Grain, IProverGrain
{
    private ProverState S => state.State;

    private ProverSetup Setup => S.Setup ?? throw new InvalidOperationException($"prover {this.GetPrimaryKeyString()} is not initialized");

    public async Task InitializeAsync(ProverSetup setup, long masterSeed, int replication, ProtocolParameters parameters)
    {
        state.State = new ProverState
        {
            Setup = setup,
            MasterSeed = masterSeed,
            Replication = replication,
            Parameters = parameters,
            BusyUntil = new long[setup.JobSlots],
        };
        await state.WriteStateAsync();
    }

    public Task OfferAsync(long slot, ImmutableArray<JobOffer> offers)
    {
        if (S.OffersSlot != slot)
        {
            S.OffersSlot = slot;
            S.Offers = offers;
        }

        return Task.CompletedTask;
    }

    public async Task<ImmutableArray<JobReport>> DecideAsync(long slot)
    {
        if (S.DecidedSlot == slot)
        {
            return S.Decided;
        }

        var offers = S.OffersSlot == slot ? S.Offers : [];
        var reports = await WorkAsync(slot, offers, market: false);
        S.DecidedSlot = slot;
        S.Decided = reports;
        S.Offers = [];
        await state.WriteStateAsync();
        return reports;
    }

    public async Task<ImmutableArray<JobReport>> MarketAsync(long slot, ImmutableArray<JobOffer> offers)
    {
        if (S.MarketSlot == slot)
        {
            return S.MarketReplies;
        }

        var reports = await WorkAsync(slot, offers, market: true);
        S.MarketSlot = slot;
        S.MarketReplies = reports;
        await state.WriteStateAsync();
        return reports;
    }

    public async Task<ImmutableArray<CopyReport>> CopyAsync(long slot, ImmutableArray<CopyTask> tasks)
    {
        if (S.CopiedSlot == slot)
        {
            return S.Copied;
        }

        var found = await Mempool.ReadAsync([.. tasks.Select(t => t.WorkloadId)]);
        var reports = ImmutableArray.CreateBuilder<CopyReport>(tasks.Length);
        var posts = new List<CapsulePost>();
        foreach (var (task, workload) in tasks.Zip(found))
        {
            var copy = CopierStrategy.Copy(Setup.ProverId, task, workload, S.MasterSeed, S.Replication);
            reports.Add(new CopyReport(task.WorkloadId, Setup.ProverId, task.Market, task.Rank, copy?.PostedMicros));
            if (copy is not null)
            {
                posts.Add(copy);
            }
        }

        await Mempool.PostAsync([.. posts]);
        S.CopiesPosted += posts.Count;
        S.CopiedSlot = slot;
        S.Copied = reports.MoveToImmutable();
        await state.WriteStateAsync();
        return S.Copied;
    }

    public Task RevealAsync(long slot, ImmutableArray<RevealRequest> workloads) =>
        Mempool.RevealAsync([.. workloads.Select(w => new KeyReveal(
            w.WorkloadId, Setup.ProverId, w.AtMicros, CapsuleKeys.Temporary(S.MasterSeed, S.Replication, Setup.ProverId, w.WorkloadId).Secret))]);

    public Task<ProverRecord> GetRecordAsync() =>
        Task.FromResult(new ProverRecord(Setup, S.JobsRun, S.CyclesRun, S.Declines, S.MarketAttempts, S.ChallengesRun, S.CopiesPosted));

    private IMempoolGrain Mempool => GrainFactory.GetGrain<IMempoolGrain>(RunKeys.RunOf(this.GetPrimaryKeyString()));

    private async Task<ImmutableArray<JobReport>> WorkAsync(long slot, ImmutableArray<JobOffer> offers, bool market)
    {
        var setup = Setup;
        var parameters = S.Parameters!;
        var slots = new JobSlots(S.BusyUntil);
        var reports = ImmutableArray.CreateBuilder<JobReport>(offers.Length);
        var capsules = new List<CapsulePost>();
        foreach (var offer in offers.OrderBy(o => o.ArrivalMicros).ThenBy(o => o.Kind).ThenBy(o => o.JobId).ThenBy(o => o.Rank))
        {
            var (report, capsule) = Take(slot, offer, slots, setup, parameters, market);
            reports.Add(report);
            if (capsule is not null)
            {
                capsules.Add(capsule);
            }
        }

        S.BusyUntil = [.. slots.BusyUntil];
        if (capsules.Count > 0)
        {
            await Mempool.PostAsync([.. capsules]);
        }

        return reports.MoveToImmutable();
    }

    private (JobReport Report, CapsulePost? Capsule) Take(long slot, JobOffer offer, JobSlots slots, ProverSetup setup, ProtocolParameters parameters, bool market)
    {
        // An offline prover answers nothing: offers are declined, a challenge goes unanswered (and is missed).
        if (IsOffline(slot, setup))
        {
            return (Declined(offer, DeclineReason.Offline), null);
        }

        // A copier takes any workload (it runs nothing, so it needs no free job slot); challenges it
        // must really answer, or it is removed.
        if (setup.Copies && offer.Kind != JobKind.Challenge)
        {
            S.MarketAttempts += market ? 1 : 0;
            return (new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, JobOutcome.Copying, DeclineReason.None, offer.ArrivalMicros, offer.ArrivalMicros, 0, [], 0, null, 0), null);
        }

        var transfer = setup.Actual.TransferMicros(offer.InputBytes);
        if (offer.Kind != JobKind.Challenge && transfer > parameters.InputDeadlineMicros)
        {
            return (Declined(offer, DeclineReason.Bandwidth), null);
        }

        // Challenges cannot be declined; allocated work queues unless the prover declines at capacity;
        // market work is only raced for with a job slot free at the moment the slot opened.
        var mayQueue = offer.Kind == JobKind.Challenge || (market ? setup.QueuesMarketWork : !setup.DeclineWhenBusy);
        var (jobSlot, start) = slots.Place(offer.ArrivalMicros, mayQueue);
        if (jobSlot < 0)
        {
            return (Declined(offer, DeclineReason.Capacity), null);
        }

        var watch = Stopwatch.StartNew();
        var (run, _, proof) = StarkProver.Prove(
            VmProgram.FromWords([.. offer.Program]), offer.Input.AsSpan(), offer.CycleBudget, StatementIds.For(offer.Kind, offer.JobId), setup.ProverId, parallelism: 1);
        var wall = (long)watch.Elapsed.TotalMicroseconds;
        var finish = start + transfer + Jittered(setup.Actual.ComputeMicros(run.Cycles), offer, parameters);
        slots.Book(jobSlot, finish);

        S.JobsRun++;
        S.CyclesRun += run.Cycles;
        S.MarketAttempts += market ? 1 : 0;
        S.ChallengesRun += offer.Kind == JobKind.Challenge ? 1 : 0;
        var outcome = run.Status switch
        {
            RunStatus.Halted => JobOutcome.Halted,
            RunStatus.OutOfCycles => JobOutcome.OutOfCycles,
            _ => JobOutcome.Fault,
        };
        if (offer.Kind == JobKind.Challenge)
        {
            return (new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, outcome, DeclineReason.None, start, finish, run.Cycles, run.Output, run.InputsRead, proof, wall), null);
        }

        // A workload's claim and proof leave the prover only inside a capsule, at the finish time.
        CapsulePost? capsule = null;
        if (proof is not null)
        {
            var userKey = offer.UserPublicKey ?? throw new InvalidOperationException($"workload {offer.JobId} was offered without its user's public key");
            var temporary = CapsuleKeys.Temporary(S.MasterSeed, S.Replication, setup.ProverId, offer.JobId);
            var payload = new ProofPayload(run.Cycles, run.InputsRead, run.Output, proof).Encode();
            var sealedProof = ProofCapsule.Seal(
                new CapsuleBinding(offer.JobId, setup.ProverId, slot), userKey, temporary.Public, payload, CapsuleKeys.SealRandom(S.MasterSeed, S.Replication, setup.ProverId, offer.JobId));
            capsule = new CapsulePost(offer.JobId, setup.ProverId, market, offer.Rank, finish, sealedProof);
        }

        return (new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, outcome, DeclineReason.None, start, finish, run.Cycles, [], 0, null, wall), capsule);
    }

    private JobReport Declined(JobOffer offer, DeclineReason reason)
    {
        S.Declines += offer.Kind == JobKind.Allocated ? 1 : 0;
        return new JobReport(offer.Kind, offer.JobId, offer.Rank, Setup.ProverId, JobOutcome.Declined, reason, offer.ArrivalMicros, offer.ArrivalMicros, 0, [], 0, null, 0);
    }

    // A flaky prover's outages: each slot starts one with probability OfflineRatePpm (from a stream of its
    // own per slot), lasting OfflineSlots slots; the prover is offline if an outage covers this slot.
    private bool IsOffline(long slot, ProverSetup setup)
    {
        if (setup.OfflineRatePpm == 0 || setup.OfflineSlots == 0)
        {
            return false;
        }

        for (var start = Math.Max(0, slot - setup.OfflineSlots + 1); start <= slot; start++)
        {
            var draw = new DerivedRandom(S.MasterSeed, S.Replication, $"offline/{start}", setup.ProverId).NextInt64(0, ProtocolParameters.Ppm);
            if (draw < setup.OfflineRatePpm)
            {
                return true;
            }
        }

        return false;
    }

    // Multiplicative jitter in [1 − j, 1 + j], from a stream of its own per (prover, job).
    private long Jittered(long compute, JobOffer offer, ProtocolParameters parameters)
    {
        if (parameters.JitterPpm == 0 || compute == 0)
        {
            return compute;
        }

        var random = new DerivedRandom(S.MasterSeed, S.Replication, $"jitter/{offer.Kind}/{offer.JobId}/{offer.Rank}", Setup.ProverId);
        var ppm = random.NextInt64(-parameters.JitterPpm, parameters.JitterPpm + 1);
        return Math.Max(1, compute + (long)((Int128)compute * ppm / ProtocolParameters.Ppm));
    }
}
