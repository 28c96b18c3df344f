// The Simulation grain is the run's clock (DESIGN.md §2.1, §3.1): it ticks one slot through the barrier
// phases and holds nothing but where the run stands. Each phase starts its grain calls in parallel,
// awaits them all and sorts what came back canonically before the next phase starts, so message arrival
// order never decides an outcome. A slot works on a copy of the clock's state and commits it once at the
// end: a slot retried after a fault starts again from the committed state, and every grain it calls
// answers a repeated (slot, operation) with its first answer.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Beacon;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Pots;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Simulation;

public sealed class SimulationGrain(
    [PersistentState("simulation-setup", StorageNames.Simulation)] IPersistentState<ClockSetup> setup,
    [PersistentState("simulation", StorageNames.Simulation)] IPersistentState<ClockState> state) : Grain, ISimulationGrain
{
    private RunSetup Run => setup.State.Run ?? throw new InvalidOperationException($"run {RunId} is not initialized");

    private ProtocolParameters P => Run.Parameters;

    private string RunId => this.GetPrimaryKeyString();

    private IActiveSetGrain ActiveSet => GrainFactory.GetGrain<IActiveSetGrain>(RunId);

    private ILedgerGrain Ledger => GrainFactory.GetGrain<ILedgerGrain>(RunId);

    private IMempoolGrain Mempool => GrainFactory.GetGrain<IMempoolGrain>(RunId);

    private IBeaconGrain Beacon => GrainFactory.GetGrain<IBeaconGrain>(RunId);

    private IProverGrain Prover(long id) => GrainFactory.GetGrain<IProverGrain>(RunKeys.Of(RunId, id));

    private IWorkloadGrain Workload(long id) => GrainFactory.GetGrain<IWorkloadGrain>(RunKeys.Of(RunId, id));

    public async Task InitializeAsync(SimulationConfig config)
    {
        // Asked again (its client heard nothing back the first time): the run it set up stands.
        if (setup.State.Run is { } run)
        {
            if (run.Seed == config.Seed && run.Replication == config.Replication && run.Slots == config.Slots)
            {
                return;
            }

            throw new InvalidOperationException($"run {RunId} is already initialized with another scenario");
        }

        setup.State = new ClockSetup { Run = new RunSetup(config.RunId, config.Seed, config.Replication, config.Slots, config.MaxDrainSlots, config.Parameters, config.Demand, config.Mechanism, config.Rules) };
        setup.State.BeaconPublicKey = await Beacon.InitializeAsync();
        await ActiveSet.InitializeAsync(config.Parameters, [.. config.Provers.Select(p => new ScheduledProver(
            new JoinRequest(p.ProverId, p.Stake, p.Declared, p.TakesMarket, p.FloorPerMegacycle), p.JoinSlot, p.LeaveSlot))]);
        await Task.WhenAll(config.Provers.Select(p => Prover(p.ProverId).InitializeAsync(p)));

        ImmutableArray<LedgerEntry> genesis =
        [
            .. config.Provers.Select(p => LedgerEntries.Genesis(AccountId.Prover(p.ProverId), checked(p.Balance + p.Stake))),
            .. Enumerable.Range(0, config.Demand.Users).Select(u => LedgerEntries.Genesis(AccountId.User(u), config.Demand.UserFunds)),
        ];
        await Ledger.BeginSlotAsync(-1);
        await Ledger.ApplyAsync(-1, "genesis", genesis);
        await Ledger.CommitAsync(-1);
        await setup.WriteStateAsync();
        state.State = new ClockState();
        await state.WriteStateAsync();
    }

    public Task<RunSetup> GetSetupAsync() => Task.FromResult(Run);

    public Task<RunInfo> GetRunInfoAsync() =>
        Task.FromResult(new RunInfo(setup.State.BeaconPublicKey, state.State.NextWorkloadId, state.State.NextSlot - 1));

    public async Task<SlotReport> RunSlotAsync(long slot)
    {
        if (state.State.LastReport is { } last && last.Slot == slot)
        {
            return last;
        }

        if (slot != state.State.NextSlot)
        {
            throw new InvalidOperationException($"run {RunId}: slot {slot} requested, but the next slot is {state.State.NextSlot}");
        }

        var next = state.State.Clone();
        var report = await RunSlotAsync(slot, next);
        next.LastReport = report;
        next.NextSlot = slot + 1;
        state.State = next;
        await state.WriteStateAsync();
        return report;
    }

    private async Task<SlotReport> RunSlotAsync(long slot, ClockState next)
    {
        var tick = new SlotTick(slot, P.SlotMicros, slot < Run.Slots);

        // Phase 0: the grains that keep part of a slot in memory learn it begins; then the epoch boundary.
        await Task.WhenAll(Ledger.BeginSlotAsync(slot), Mempool.BeginSlotAsync(slot));
        if (tick.InHorizon && slot % P.EpochSlots == 0)
        {
            var number = slot / P.EpochSlots;
            var previous = next.Epoch?.Seed ?? Protocol.Beacon.GenesisSeed(Run.Seed, Run.Replication);
            var vrf = await Beacon.ProveAsync(Protocol.Beacon.EpochAlpha(previous, number));
            var snapshot = await ActiveSet.FreezeSnapshotAsync(number);
            next.Epoch = new EpochInfo(number, slot, vrf.Alpha, vrf.Pi, vrf.Beta);
            next.SnapshotSize = snapshot.Length;
            tick.NewEpoch = next.Epoch;
            tick.Snapshot = snapshot;
        }

        var epoch = next.Epoch ?? throw new InvalidOperationException($"run {RunId}: slot {slot} has no epoch");
        var slotVrf = await Beacon.ProveAsync(Protocol.Beacon.SlotAlpha(epoch.Seed, slot));
        var challenges = ImmutableArray<IssuedChallenge>.Empty;
        var arrived = new List<(WorkloadArrival Arrival, WorkloadAllocated Allocated)>();
        if (tick.InHorizon)
        {
            var lifecycle = await ActiveSet.LifecycleAsync(slot, slotVrf.Beta);    // phase 1
            tick.Joined = lifecycle.Joined.Length;
            tick.Membership.AddRange(MembershipEvent.Of(lifecycle));
            tick.ChallengesIssued = lifecycle.Challenges.Length;
            challenges = lifecycle.Challenges;
            arrived = await ArrivalsAsync(tick, next, epoch);                          // phase 2
        }

        var decided = await DecideAsync(tick, next, arrived, challenges);             // phases 3 and 4
        var market = Run.Mechanism switch
        {
            Mechanism.VrfSingleFallback => await FallbackAsync(tick, arrived, decided), // phase 5
            Mechanism.ReverseAuction or Mechanism.RampAndLock => await AuctionAsync(tick, arrived),
            _ => await MarketAsync(tick, arrived, decided),
        };
        await CompleteAsync(tick, next, arrived, decided, market);                     // phase 6
        var settled = await SettleAsync(tick, next);                                   // phase 7
        var judgement = await ActiveSet.JudgeAsync(slot);
        tick.Membership.AddRange(MembershipEvent.Of(judgement));
        if (Run.Mechanism == Mechanism.VrfSingleFallback)
        {
            // The first provers of the workloads a fallback rescued leave the set (after the slot's
            // verdicts: one that also missed a challenge is removed and slashed as such).
            ImmutableArray<long> rescued = [.. tick.Settled.Select(r => r.Ejects).OfType<long>().Distinct().Order()];
            var ejected = rescued.IsEmpty ? [] : await ActiveSet.EjectAsync(slot, rescued);
            tick.Membership.AddRange(ejected.Select(MembershipEvent.Ejected));
        }

        if (Run.Mechanism is Mechanism.ReverseAuction or Mechanism.RampAndLock)
        {
            // Winners that missed their deadline, and locks that timed out, forfeit their collateral from their
            // locked stake (after the slot's verdicts, so that a challenge's slash is of the stake as it stood).
            ImmutableArray<Forfeit> owed = [.. tick.Settled.SelectMany(r => r.Forfeits.IsDefault ? [] : r.Forfeits)];
            var forfeited = owed.IsEmpty ? [] : await ActiveSet.ForfeitAsync(slot, owed);
            tick.Membership.AddRange(forfeited.Where(f => f.Taken > 0).Select(MembershipEvent.Forfeited));
        }

        tick.Judged.AddRange(judgement.Judged.IsDefault ? [] : judgement.Judged);
        tick.ChallengesPassed = judgement.Passed;
        tick.ChallengesMissed = judgement.Missed;
        next.PendingChallenges = judgement.StillPending;

        // Phase 8: the settled workloads' capsules leave the mempool, the ledger commits the slot's
        // batches, and the clock commits its own state (the caller). The workloads settled in the
        // previous slot, committed and in the results, drop their stored state.
        // Under proportional-lottery the run's last slot also splits every epoch's pot.
        await Mempool.EndSlotAsync(slot, settled);
        var drained = !tick.InHorizon && next.Closing.Count == 0 && next.PendingChallenges == 0;
        var last = drained || slot >= Run.Slots + Run.MaxDrainSlots - 1;
        if (last && Run.Mechanism == Mechanism.ProportionalLottery)
        {
            await Ledger.ApplyAsync(slot, "pots", await GrainFactory.GetGrain<IRewardPotGrain>(RunId).SplitAsync());
        }

        await Ledger.CommitAsync(slot);
        await Task.WhenAll((state.State.LastReport?.Settled ?? []).Select(w => Workload(w.Arrival.WorkloadId).ForgetAsync()));
        return tick.Report(epoch, slotVrf, next.PendingWorkloads, next.SnapshotSize, last);
    }

    // A user's workloads arrive one after the other in id order (users in parallel), so whose escrow a
    // user short of funds can still pay never depends on message order. Refused ones end here.
    private async Task<List<(WorkloadArrival Arrival, WorkloadAllocated Allocated)>> ArrivalsAsync(SlotTick tick, ClockState next, EpochInfo epoch)
    {
        var arrivals = DemandGenerator.ArrivalsIn(tick.Slot, Run)
            .Select(a => new WorkloadArrival(next.NextWorkloadId++, a.UserId, tick.Slot, a.ArrivalMicros, a.ProgramIndex)).ToList();
        var allocated = new WorkloadAllocated[arrivals.Count];
        var excluded = Run.Mechanism == Mechanism.VrfSingleFallback ? next.FirstChoices : [];
        await Task.WhenAll(arrivals.Select((a, i) => (Arrival: a, Index: i)).GroupBy(x => x.Arrival.UserId).Select(async user =>
        {
            foreach (var (arrival, index) in user)
            {
                allocated[index] = await Workload(arrival.WorkloadId).ArriveAsync(arrival, epoch, excluded);
            }
        }));
        tick.Arrivals = arrivals.Count;
        if (Run.Mechanism == Mechanism.VrfSingleFallback)
        {
            next.FirstChoices = [.. allocated.SelectMany(a => a.Allocation?.Provers ?? []).Distinct().Order()];
        }

        foreach (var rejected in allocated.Select(a => a.Rejected).OfType<WorkloadRecord>())
        {
            tick.Settled.Add(rejected);
        }

        return [.. arrivals.Zip(allocated).Where(a => a.Second.Allocation is not null)];
    }

    private JobOffer Offer(WorkloadArrival arrival, WorkloadAllocated allocated, JobKind kind, int rank)
    {
        var program = Run.Demand.Programs[arrival.ProgramIndex];
        return new JobOffer(kind, arrival.WorkloadId, rank, arrival.ArrivalMicros, arrival.ProgramIndex, program.PaidCycles, program.InputBytes, allocated.UserPublicKey);
    }

    // Phases 3 and 4: each prover gets its allocated offers and due challenges in one call and decides.
    private async Task<List<JobReport>> DecideAsync(
        SlotTick tick, ClockState next, List<(WorkloadArrival Arrival, WorkloadAllocated Allocated)> arrived, ImmutableArray<IssuedChallenge> challenges)
    {
        // Under reverse-auction and ramp-and-lock nobody is allocated before the auction or the lock (a
        // retried slot's workloads already name their winners or locker: they were not allocated).
        var allocatedOffers = Run.Mechanism is Mechanism.ReverseAuction or Mechanism.RampAndLock ? [] : arrived;
        var offers = allocatedOffers.SelectMany(a => a.Allocated.Allocation!.Provers.Select((prover, rank) => (ProverId: prover, Offer: Offer(a.Arrival, a.Allocated, JobKind.Allocated, rank))))
            .Concat(challenges.Select(c => (c.ProverId, Offer: JobOffer.For(c))));
        var reports = await ToProversAsync(offers, (prover, batch) => prover.DecideAsync(tick.Slot, batch));

        // The validators' verdicts on the challenge answers go to the active set, which judges at the deadlines.
        var answers = reports.Where(r => r.Kind == JobKind.Challenge).ToList();
        await ActiveSet.RecordAnswersAsync(tick.Slot, [.. answers.Select(r => new ChallengeAnswer(
            r.JobId, r.ProverId, r.Outcome == JobOutcome.Declined ? -1 : r.FinishMicros, r.Check?.Correct ?? false))]);
        tick.ProofsVerified += answers.Count(r => r.Check?.ProofVerifies == true);
        tick.ProofBytes += answers.Sum(r => (long)(r.Check?.ProofBytes ?? 0));
        await DelayAsync(tick, next, answers);
        tick.Offers = reports.Count(r => r.Kind == JobKind.Allocated);
        tick.Declines = reports.Count(r => r.Kind == JobKind.Allocated && r.Outcome == JobOutcome.Declined);
        Account(tick, reports);
        return reports;
    }

    // Challenges that preempted paused jobs of workloads still open: each such workload learns its
    // participants' new finishes in one call (workloads and provers in id order) and may close later.
    private async Task DelayAsync(SlotTick tick, ClockState next, List<JobReport> challenges)
    {
        var open = next.Closing.Values.SelectMany(ids => ids).ToHashSet();
        var delays = challenges.SelectMany(r => r.Delayed.Select(d => (d.WorkloadId, Delay: new ParticipantDelay(r.ProverId, d.FinishMicros)))).ToList();
        tick.JobsDelayed = delays.Count;
        var byWorkload = delays.Where(d => open.Contains(d.WorkloadId)).GroupBy(d => d.WorkloadId).OrderBy(g => g.Key).ToList();
        var moved = await Task.WhenAll(byWorkload.Select(g => Workload(g.Key).DelayAsync(tick.Slot, [.. g.Select(d => d.Delay).OrderBy(d => d.ProverId)])));
        foreach (var (id, delayed) in byWorkload.Select(g => g.Key).Zip(moved))
        {
            if (delayed is null)
            {
                continue;
            }

            var (from, to) = (WorkloadClose.SettlingSlot(delayed.WasCloseMicros, P.SlotMicros), WorkloadClose.SettlingSlot(delayed.Closing.CloseMicros, P.SlotMicros));
            if (from != to && next.Closing.TryGetValue(from, out var ids) && ids.Contains(id))
            {
                next.Closing[from] = ids.Remove(id);
                if (next.Closing[from].IsEmpty)
                {
                    next.Closing.Remove(from);
                }

                next.Closing[to] = next.Closing.TryGetValue(to, out var later) ? later.Add(id) : [id];
            }
        }
    }

    // A market contender's rank is this plus its VRF order: above every allocated rank (k ≤ 64).
    private const int MarketRanks = 64;

    // Phase 5: each workload with declines opens one slot per decline and draws one pool of contenders
    // that race for all of them; each contender gets its market offers in one call. Who takes the slots
    // — the first valid proofs — is known at settlement.
    private async Task<List<(JobReport Report, int VrfOrder)>> MarketAsync(
        SlotTick tick, List<(WorkloadArrival Arrival, WorkloadAllocated Allocated)> arrived, List<JobReport> decided)
    {
        var declined = decided.Where(r => r.Kind == JobKind.Allocated && r.Outcome == JobOutcome.Declined).Select(r => r.JobId).ToHashSet();
        var open = arrived.Where(a => declined.Contains(a.Arrival.WorkloadId)).ToList();
        var drawn = await Task.WhenAll(open.Select(a => Workload(a.Arrival.WorkloadId).OpenMarketAsync(tick.Slot)));

        var offers = open.Zip(drawn).SelectMany(x => x.Second.Select((c, order) => (ProverId: c, Offer: Offer(x.First.Arrival, x.First.Allocated, JobKind.Market, MarketRanks + order))));
        var reports = await ToProversAsync(offers, (prover, batch) => prover.MarketAsync(tick.Slot, batch));
        Account(tick, reports);
        return [.. reports.Where(r => r.Outcome != JobOutcome.Declined).Select(r => (r, r.Rank - MarketRanks))];
    }

    // Phase 5 under vrf-single-fallback: each workload learns what its first prover did and, when it
    // declined or will miss its deadline, draws its fallback; each fallback gets its offers (from when they
    // start) in one call. The fallback takes the place of a market contender in the phases after.
    private async Task<List<(JobReport Report, int VrfOrder)>> FallbackAsync(
        SlotTick tick, List<(WorkloadArrival Arrival, WorkloadAllocated Allocated)> arrived, List<JobReport> decided)
    {
        var firsts = decided.Where(r => r.Kind == JobKind.Allocated).ToDictionary(r => r.JobId);
        var open = arrived.Where(a => firsts.ContainsKey(a.Arrival.WorkloadId)).ToList();
        var fallbacks = await Task.WhenAll(open.Select(a =>
        {
            var first = firsts[a.Arrival.WorkloadId];
            return Workload(a.Arrival.WorkloadId).FallbackAsync(tick.Slot, first.Outcome, first.FinishMicros);
        }));

        var offers = open.Zip(fallbacks).Where(x => x.Second is { Engaged: true, ProverId: not null }).Select(x => (
            ProverId: x.Second!.ProverId!.Value,
            Offer: Offer(x.First.Arrival, x.First.Allocated, JobKind.Fallback, 1) with { ArrivalMicros = x.Second.FromMicros }));
        var reports = await ToProversAsync(offers, (prover, batch) => prover.MarketAsync(tick.Slot, batch));
        Account(tick, reports);
        return [.. reports.Select(r => (r, 0))];
    }

    // Phase 3 (after the challenges) under reverse-auction and ramp-and-lock: each arrived workload runs its
    // auction (or its ramp to a lock) in turn, in arrival order — the cheapest bids are every workload's
    // first candidates, so who is still free depends on the workloads before — and its winners (locker,
    // racers) take the place of market contenders after.
    private async Task<List<(JobReport Report, int VrfOrder)>> AuctionAsync(SlotTick tick, List<(WorkloadArrival Arrival, WorkloadAllocated Allocated)> arrived)
    {
        var reports = new List<JobReport>();
        foreach (var (arrival, _) in arrived.OrderBy(a => a.Arrival.WorkloadId))
        {
            var workload = Workload(arrival.WorkloadId);
            reports.AddRange(Run.Mechanism == Mechanism.RampAndLock ? await workload.LockAsync(tick.Slot) : await workload.AuctionAsync(tick.Slot));
        }

        tick.Offers = reports.Count;
        tick.Declines = reports.Count(r => r.Outcome == JobOutcome.Declined);
        Account(tick, reports);

        // A racer that sits a timed-out lock out takes no part, as a market contender that does not race.
        return [.. reports.Where(r => r.Kind != JobKind.Race || r.Outcome != JobOutcome.Declined).Select(r => (r, r.Kind == JobKind.Race ? r.Rank - 1 : 0))];
    }

    // Phase 6: copiers repost from the mempool as it stands once every honest prover has posted; then
    // each workload learns its participants and when it closes, and waits for that slot.
    private async Task CompleteAsync(
        SlotTick tick, ClockState next, List<(WorkloadArrival Arrival, WorkloadAllocated Allocated)> arrived, List<JobReport> decided, List<(JobReport Report, int VrfOrder)> market)
    {
        var copying = decided.Where(r => r.Kind == JobKind.Allocated).Concat(market.Select(m => m.Report)).Where(r => r.Outcome == JobOutcome.Copying)
            .GroupBy(r => r.ProverId).OrderBy(g => g.Key).ToList();
        var copyReplies = await Task.WhenAll(copying.Select(g =>
            Prover(g.Key).CopyAsync(tick.Slot, [.. g.OrderBy(r => r.JobId).Select(r => new CopyTask(r.JobId, r.Kind is JobKind.Market or JobKind.Race, r.Rank))])));
        var copies = copyReplies.SelectMany(r => r).ToDictionary(c => (c.WorkloadId, c.ProverId), c => c.PostedMicros);

        Participant Part(JobReport r, bool isMarket, int vrfOrder)
        {
            if (r.Outcome != JobOutcome.Copying)
            {
                return new(r.ProverId, r.Rank, isMarket, vrfOrder, r.Outcome, r.FinishMicros, Posted: r.Outcome == JobOutcome.Halted, r.Decline);
            }

            var posted = copies.GetValueOrDefault((r.JobId, r.ProverId));
            return new(r.ProverId, r.Rank, isMarket, vrfOrder, r.Outcome, posted ?? r.FinishMicros, Posted: posted is not null);
        }

        var allocated = decided.Where(r => r.Kind == JobKind.Allocated).ToLookup(r => r.JobId);
        var contenders = market.ToLookup(m => m.Report.JobId);
        var closings = await Task.WhenAll(arrived.Select(a => Workload(a.Arrival.WorkloadId).CompleteAsync(tick.Slot,
        [
            .. allocated[a.Arrival.WorkloadId].Select(r => Part(r, false, r.Rank)),
            .. contenders[a.Arrival.WorkloadId].Select(m => Part(m.Report, m.Report.Kind is JobKind.Market or JobKind.Race, m.VrfOrder)),
        ])));
        foreach (var (a, closing) in arrived.Zip(closings))
        {
            var at = WorkloadClose.SettlingSlot(closing.CloseMicros, P.SlotMicros);
            next.Closing[at] = next.Closing.TryGetValue(at, out var ids) ? ids.Add(a.Arrival.WorkloadId) : [a.Arrival.WorkloadId];
            tick.CapsulesPosted += closing.CapsulesPosted;
        }
    }

    // Phase 7: the workloads closing in this slot settle, each in one call, in parallel.
    private async Task<ImmutableArray<long>> SettleAsync(SlotTick tick, ClockState next)
    {
        if (!next.Closing.Remove(tick.Slot, out var closing))
        {
            return [];
        }

        var records = await Task.WhenAll(closing.Select(id => Workload(id).SettleAsync(tick.Slot)));
        foreach (var record in records)
        {
            var outcome = record.Execution?.Outcome;
            tick.Completed += outcome == WorkloadOutcome.Completed ? 1 : 0;
            tick.Failed += outcome == WorkloadOutcome.Failed ? 1 : 0;
            tick.Unserved += outcome == WorkloadOutcome.Unserved ? 1 : 0;
            tick.MarketFills += record.MarketFills;
            tick.ProofsVerified += record.ProofsVerified;
            tick.ProofBytes += record.ProofBytes;
            tick.CapsulesRejected += record.CapsulesRejected;
            tick.Settled.Add(record);
        }

        if (Run.Mechanism == Mechanism.ProportionalLottery)
        {
            await GrainFactory.GetGrain<IRewardPotGrain>(RunId).RecordSlotAsync(tick.Slot, [.. records.Select(PotDepositOf).OfType<PotDeposit>()]);
        }

        return closing;
    }

    // A completed workload's deposit under proportional-lottery, read from its settlement: the pot (its
    // arrival epoch's) and what was minted into it, and a claim of its cycles for each counted proof (the
    // provers the settlement paid a fee).
    private static PotDeposit? PotDepositOf(WorkloadRecord record)
    {
        if (record.Execution is not { Outcome: WorkloadOutcome.Completed } execution || record.Settlement is not { } settlement
            || settlement.Entries.Where(e => e.Kind == EntryKind.PotDeposit).ToList() is not [var first, ..] deposits)
        {
            return null;
        }

        return new PotDeposit(
            first.To!.Value.Id,
            deposits.Sum(e => e.Amount),
            [.. settlement.Entries.Where(e => e.Kind == EntryKind.Fee && e.To is { Kind: AccountKind.Prover }).Select(e => new PotClaim(e.To!.Value.Id, execution.Cycles))]);
    }

    // Offers are batched per prover (one call each, provers in id order) and the replies sorted canonically.
    private async Task<List<JobReport>> ToProversAsync(
        IEnumerable<(long ProverId, JobOffer Offer)> offers, Func<IProverGrain, ImmutableArray<JobOffer>, Task<ImmutableArray<JobReport>>> call)
    {
        var byProver = offers.GroupBy(o => o.ProverId).OrderBy(g => g.Key).ToList();
        var replies = await Task.WhenAll(byProver.Select(g => call(Prover(g.Key), [.. g.Select(o => o.Offer)])));
        return [.. replies.SelectMany(r => r).OrderBy(r => r.Kind).ThenBy(r => r.JobId).ThenBy(r => r.Rank).ThenBy(r => r.ProverId)];
    }

    private static void Account(SlotTick tick, List<JobReport> reports)
    {
        tick.ProvingWallMicros += reports.Sum(r => r.WallMicros);
        tick.VmCycles += reports.Sum(r => r.Cycles);
    }
}
