// A workload (DESIGN.md §1, §3.1): it owns its life. On arrival it escrows the user's payment, asks the
// beacon for the VRF proof over (epoch seed, workload id) and draws its k provers from the epoch
// snapshot; it draws the contenders of its open-market slots; once its provers have run, its user's
// client opens the first capsule and it knows when it closes; at the close it has its participants
// reveal their keys, has the validators check every capsule, classifies the outcome and pays by the
// reward rules (Grains/Protocol), in one call. Each step is done once: a retried call returns the
// first answer.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Beacon;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Workloads;

public sealed class WorkloadGrain(
    [PersistentState("workload", StorageNames.Simulation)] IPersistentState<WorkloadState> state,
    RunContexts runs) : Grain, IWorkloadGrain
{
    private WorkloadState S => state.State;

    private string RunId => RunKeys.RunOf(this.GetPrimaryKeyString());

    private WorkloadArrival Arrival => S.Arrival ?? throw new InvalidOperationException($"workload {this.GetPrimaryKeyString()} never arrived");

    private WorkloadAllocation Allocated => S.Allocation ?? throw new InvalidOperationException($"workload {this.GetPrimaryKeyString()} is not allocated");

    public async Task<WorkloadAllocated> ArriveAsync(WorkloadArrival arrival, EpochInfo epoch, ImmutableArray<long> excluded)
    {
        var context = await runs.GetAsync(RunId);
        var userKey = context.UserKey(arrival.UserId).Public;
        var program = context.Program(arrival.ProgramIndex);
        var parameters = program.For(context.Parameters);
        var single = context.Setup.Mechanism == Mechanism.VrfSingleFallback;
        var auction = context.Setup.Mechanism is Mechanism.ReverseAuction or Mechanism.RampAndLock;
        var ceiling = context.Setup.MechanismRules.Ceiling(parameters.FeePerMegacycle);
        var escrow = context.Setup.Mechanism switch
        {
            Mechanism.VrfSingleFallback => SingleFallback.Escrow(program.PaidCycles, parameters.FeePerMegacycle),
            Mechanism.ReverseAuction => ReverseAuction.Escrow(program.PaidCycles, parameters.K, ceiling),
            Mechanism.RampAndLock => RampAndLock.Escrow(program.PaidCycles, ceiling),
            _ => Rewards.Escrow(program.PaidCycles, parameters.K, parameters.FeePerMegacycle),
        };
        var refusal = await Ledger.EscrowAsync(arrival.Slot, $"escrow/{arrival.WorkloadId}", LedgerEntries.Escrow(arrival.UserId, arrival.WorkloadId, escrow));
        if (S.Arrival?.WorkloadId == arrival.WorkloadId)
        {
            return new WorkloadAllocated(S.Allocation, userKey, S.Escrow, S.Allocation is null ? S.Settled : null);
        }

        // A user who cannot pay is refused; the workload ends here, the run goes on.
        if (refusal is not null)
        {
            var rejected = new WorkloadRecord(
                arrival, 0, null, new WorkloadExecution(WorkloadOutcome.Rejected, 0, [], arrival.ArrivalMicros, [], null, null, null), null, Refusal: refusal);
            state.State = new WorkloadState { Arrival = arrival, Settled = rejected };
            await state.WriteStateAsync();
            this.DeactivateOnIdle();
            return new WorkloadAllocated(null, userKey, 0, rejected);
        }

        var vrf = await GrainFactory.GetGrain<IBeaconGrain>(RunId).ProveAsync(Protocol.Beacon.AllocationAlpha(epoch.Seed, arrival.WorkloadId));
        ImmutableArray<long> provers;
        WorkloadFallback? fallback = null;
        if (single)
        {
            // One prover, who commits to a deadline counted from the end of its decision window.
            var first = await ActiveSet.DrawFirstAsync(epoch.Epoch, program.Requirement, vrf.Beta, excluded);
            provers = first is null ? [] : [first.ProverId];
            fallback = first is null ? null : new WorkloadFallback(SingleFallback.Deadline(
                first.Declared, program.InputBytes, program.PaidCycles, arrival.ArrivalMicros + context.Setup.MechanismRules.DecisionWindowMicros, context.Setup.MechanismRules.DeadlineSlackMicros));
        }
        else if (auction)
        {
            // The auction (or the ramp) runs in its own phase, workloads one after the other; its winners (or
            // locker) are allocated then.
            provers = [];
        }
        else
        {
            provers = await ActiveSet.DrawAsync(epoch.Epoch, program.Requirement, vrf.Beta, parameters.K);
        }

        var allocation = new WorkloadAllocation(epoch.Epoch, vrf.Alpha, vrf.Pi, vrf.Beta, provers);
        state.State = new WorkloadState { Arrival = arrival, Escrow = escrow, Allocation = allocation, Fallback = fallback };
        await state.WriteStateAsync();
        return new WorkloadAllocated(allocation, userKey, escrow);
    }

    // One draw per workload: its declined slots are open together. The contenders drawn go into the
    // workload's record (so that anyone can re-check the draw); a repeated call draws the same again.
    public async Task<ImmutableArray<long>> OpenMarketAsync(long slot)
    {
        var allocation = Allocated;
        var requirement = (await runs.GetAsync(RunId)).Program(Arrival.ProgramIndex).Requirement;
        var contenders = await ActiveSet.DrawMarketAsync(allocation.Epoch, requirement, allocation.Beta, 0, allocation.Provers);
        // Stored at once: an activation that takes over before the workload completes must still know them.
        if (!S.MarketDrawn.SequenceEqual(contenders))
        {
            S.MarketDrawn = contenders;
            await state.WriteStateAsync();
        }

        return contenders;
    }

    public async Task<WorkloadFallback?> FallbackAsync(long slot, JobOutcome firstOutcome, long firstFinishMicros)
    {
        if (S.FallbackSlot == slot || S.Fallback is not { } fallback)
        {
            return S.Fallback;
        }

        // The first's capsule is a proof as far as anyone can tell before the reveal only when it halted
        // (a copier, with nobody else on the workload, has nothing to post); the validators judge it at the close.
        var arrival = Arrival;
        var context = await runs.GetAsync(RunId);
        var rules = context.Setup.MechanismRules;
        var from = SingleFallback.FallbackFrom(
            firstOutcome == JobOutcome.Declined, firstOutcome is JobOutcome.OutOfCycles or JobOutcome.Fault,
            firstOutcome == JobOutcome.Halted ? firstFinishMicros : null, arrival.ArrivalMicros, rules.DecisionWindowMicros, fallback.FirstDeadlineMicros);
        if (from is { } start)
        {
            var program = context.Program(arrival.ProgramIndex);
            var drawn = await ActiveSet.DrawFallbackAsync(Allocated.Epoch, program.Requirement, Allocated.Beta, Allocated.Provers[0]);
            S.Fallback = fallback with
            {
                FromMicros = start,
                ProverId = drawn?.ProverId,
                DeadlineMicros = drawn is null ? -1 : SingleFallback.Deadline(drawn.Declared, program.InputBytes, program.PaidCycles, start, rules.DeadlineSlackMicros),
            };
        }

        S.FallbackSlot = slot;
        await state.WriteStateAsync();
        return S.Fallback;
    }

    public async Task<ImmutableArray<JobReport>> AuctionAsync(long slot)
    {
        if (S.AuctionSlot == slot)
        {
            return S.AuctionReports;
        }

        // The standing bids in price order until k bidders took the job or no bid is left at or under the
        // user's highest price. Each winner commits to a deadline from the arrival.
        var terms = await TermsAsync();
        var winners = new List<WorkloadBid>();
        var reports = new List<JobReport>();
        await foreach (var bidder in StandingBidsAsync(terms))
        {
            if (winners.Count == terms.Parameters.K)
            {
                break;
            }

            var report = await Prover(bidder.ProverId).BidAsync(slot, terms.Offer(JobKind.Bid, winners.Count, terms.Arrival.ArrivalMicros));
            reports.Add(report);
            if (report.Outcome != JobOutcome.Declined)
            {
                winners.Add(new WorkloadBid(bidder.ProverId, bidder.Floor, SingleFallback.Deadline(
                    bidder.Declared, terms.Program.InputBytes, terms.Program.PaidCycles, terms.Arrival.ArrivalMicros, terms.Rules.DeadlineSlackMicros), winners.Count));
            }
        }

        S.Bids = [.. winners];
        S.Allocation = Allocated with { Provers = [.. winners.Select(w => w.ProverId)] };
        S.AuctionSlot = slot;
        S.AuctionReports = [.. reports];
        await state.WriteStateAsync();
        return S.AuctionReports;
    }

    public async Task<ImmutableArray<JobReport>> LockAsync(long slot)
    {
        if (S.AuctionSlot == slot)
        {
            return S.AuctionReports;
        }

        // The standing bids in price order, each reached when the rising price meets it: the first to take
        // the job locks it at the price then.
        var terms = await TermsAsync();
        var ramp = new PriceRamp(terms.Arrival.ArrivalMicros, terms.Rules.MinPrice, terms.Ceiling, terms.Rules.RampMicros);
        var reports = new List<JobReport>();
        (SnapshotMember Member, long At, JobReport Report)? locker = null;
        await foreach (var bidder in StandingBidsAsync(terms))
        {
            var at = ramp.MetAt(bidder.Floor) ?? throw new InvalidOperationException($"bid {bidder.Floor} above the ceiling {ramp.Ceiling}");
            var report = await Prover(bidder.ProverId).BidAsync(slot, terms.Offer(JobKind.Lock, 0, at));
            reports.Add(report);
            if (report.Outcome != JobOutcome.Declined)
            {
                locker = (bidder, at, report);
                break;
            }
        }

        if (locker is { } taken)
        {
            // A lock that delivers nothing (a run of its paid cycles, or a proof) by its timeout is raced for
            // from then, at the price then, by the locker's own late result and the racers drawn.
            var timeout = taken.At + terms.Rules.LockTimeoutMicros;
            var delivered = taken.Report.Outcome is JobOutcome.Halted or JobOutcome.OutOfCycles or JobOutcome.Fault && taken.Report.FinishMicros <= timeout;
            var racePrice = ramp.PriceAt(timeout);
            if (!delivered)
            {
                var racers = await ActiveSet.RaceAsync(Allocated.Epoch, terms.Program.Requirement, Allocated.Beta, taken.Member.ProverId, racePrice);
                S.MarketDrawn = [.. racers.Select(r => r.ProverId)];
                reports.AddRange(await Task.WhenAll(racers.Select((r, order) => Prover(r.ProverId).BidAsync(slot, terms.Offer(JobKind.Race, 1 + order, timeout)))));
            }

            S.Lock = new WorkloadLock(taken.Member.ProverId, taken.At, ramp.PriceAt(taken.At), timeout, !delivered, racePrice);
            S.Allocation = Allocated with { Provers = [taken.Member.ProverId] };
        }

        S.AuctionSlot = slot;
        S.AuctionReports = [.. reports];
        await state.WriteStateAsync();
        return S.AuctionReports;
    }

    // What an auction or a ramp works with: the arrival, its program and parameters, the mechanism's rules,
    // the user's highest price, and the offer of the job to a prover (of a kind, a rank, from a moment).
    private sealed record Terms(WorkloadArrival Arrival, ProgramSpec Program, ProtocolParameters Parameters, MechanismParameters Rules, byte[] UserKey)
    {
        public long Ceiling => Rules.Ceiling(Parameters.FeePerMegacycle);

        public JobOffer Offer(JobKind kind, int rank, long atMicros) =>
            new(kind, Arrival.WorkloadId, rank, atMicros, Arrival.ProgramIndex, Program.PaidCycles, Program.InputBytes, UserKey);
    }

    private async Task<Terms> TermsAsync()
    {
        var arrival = Arrival;
        var context = await runs.GetAsync(RunId);
        var program = context.Program(arrival.ProgramIndex);
        return new Terms(arrival, program, program.For(context.Parameters), context.Setup.MechanismRules, context.UserKey(arrival.UserId).Public);
    }

    // The eligible members' standing bids at or under the user's highest price, in the order the price
    // reaches them, fetched from the active set a page at a time as they are read.
    private async IAsyncEnumerable<SnapshotMember> StandingBidsAsync(Terms terms)
    {
        const int Page = 16;
        for (var skip = 0; ; skip += Page)
        {
            var page = await ActiveSet.AuctionOrderAsync(Allocated.Epoch, terms.Program.Requirement, Allocated.Beta, terms.Ceiling, skip, Page);
            foreach (var bidder in page)
            {
                yield return bidder;
            }

            if (page.Length < Page)
            {
                yield break;
            }
        }
    }

    private IProverGrain Prover(long proverId) => GrainFactory.GetGrain<IProverGrain>(RunKeys.Of(RunId, proverId));

    public async Task<WorkloadClosing> CompleteAsync(long slot, ImmutableArray<Participant> participants)
    {
        if (S.Closing is { } closing)
        {
            return closing;
        }

        var arrival = Arrival;
        var posts = (await Mempool.ReadAsync([arrival.WorkloadId]))[0];
        var context = await runs.GetAsync(RunId);
        S.Participants = participants;
        S.Closing = Close(arrival, participants, posts, context, S.Fallback, S.Lock);
        S.UserOpenedMicros = UserOpens(arrival.WorkloadId, posts, context.UserKey(arrival.UserId).Secret);
        await state.WriteStateAsync();
        return S.Closing;
    }

    public async Task<WorkloadDelayed?> DelayAsync(long slot, ImmutableArray<ParticipantDelay> delays)
    {
        if (S.DelayedSlot == slot)
        {
            return S.Delayed;
        }

        if (S.Settled is not null || S.Closing is not { } was)
        {
            return null;
        }

        // The paused provers' jobs finish later, and their capsules are posted later.
        var arrival = Arrival;
        var context = await runs.GetAsync(RunId);
        var finishes = delays.ToDictionary(d => d.ProverId, d => d.FinishMicros);
        var participants = S.Participants.Select(p => p.Outcome is not (JobOutcome.Copying or JobOutcome.Declined) && finishes.TryGetValue(p.ProverId, out var finish) ? p with { FinishMicros = finish } : p).ToList();
        var posts = (await Mempool.ReadAsync([arrival.WorkloadId]))[0];
        var moved = posts.Capsules.Where(c => finishes.ContainsKey(c.PosterId) && participants.Any(p => p.ProverId == c.PosterId && p.Outcome != JobOutcome.Copying))
            .Select(c => c with { PostedMicros = finishes[c.PosterId] }).ToList();

        // A copier reposts what it finds among the honest posts, one propagation delay after it appears:
        // when those moved, its copy moves with them.
        var copiers = participants.Where(p => p.Outcome == JobOutcome.Copying).Select(p => p.ProverId).ToHashSet();
        var honest = posts.Capsules.Where(c => !copiers.Contains(c.PosterId)).Select(c => moved.Find(m => m.PosterId == c.PosterId) ?? c)
            .OrderBy(c => c.PostedMicros).ThenBy(c => c.PosterId).ToImmutableArray();
        for (var i = 0; i < participants.Count; i++)
        {
            if (participants[i] is { Outcome: JobOutcome.Copying } copier)
            {
                var copy = CopierStrategy.Copy(copier.ProverId, new CopyTask(arrival.WorkloadId, copier.Market, copier.Rank), posts with { Capsules = honest }, context.Setup.Seed, context.Setup.Replication);
                if (copy is not null)
                {
                    participants[i] = copier with { FinishMicros = copy.PostedMicros, Posted = true };
                    moved.Add(copy);
                }
            }
        }

        await Mempool.RepostAsync([.. moved]);
        var after = (await Mempool.ReadAsync([arrival.WorkloadId]))[0];
        S.Participants = [.. participants];
        S.Closing = Close(arrival, S.Participants, after, context, S.Fallback, S.Lock);
        S.UserOpenedMicros = UserOpens(arrival.WorkloadId, after, context.UserKey(arrival.UserId).Secret);
        S.DelayedSlot = slot;
        S.Delayed = new WorkloadDelayed(was.CloseMicros, S.Closing);
        await state.WriteStateAsync();
        return S.Delayed;
    }

    // What the participants can see in the public mempool: a capsule bound to its own poster is a proof as
    // far as anyone can tell before the reveal (a verbatim copy shows another's binding). The workload
    // closes at the k-th such proof, or once every participant has ended. Under vrf-single-fallback,
    // reverse-auction and ramp-and-lock it closes once every participant has ended, and not before its
    // fallback or race was due to start.
    private static WorkloadClosing Close(
        WorkloadArrival arrival, ImmutableArray<Participant> participants, WorkloadPosts posts, RunContext context, WorkloadFallback? fallback, WorkloadLock? locked)
    {
        if (context.Setup.Mechanism is Mechanism.VrfSingleFallback or Mechanism.ReverseAuction or Mechanism.RampAndLock)
        {
            var ended = WorkloadClose.At(arrival.ArrivalMicros, participants.Select(p => p.EndMicros));
            var due = fallback?.FromMicros ?? (locked is { Raced: true } ? locked.TimeoutMicros : ended);
            return new WorkloadClosing(Math.Max(ended, due), posts.Capsules.Length);
        }

        var k = context.Program(arrival.ProgramIndex).For(context.Parameters).K;
        var taking = participants.Select(p => p.ProverId).ToHashSet();
        var proofs = posts.Capsules.Where(c => taking.Contains(c.PosterId) && ProofCapsule.ReadHeader(c.Capsule)?.Binding is { } b && b.ProverId == c.PosterId && b.WorkloadId == arrival.WorkloadId)
            .Select(c => c.PostedMicros);
        return new WorkloadClosing(WorkloadClose.At(arrival.ArrivalMicros, participants.Select(p => p.EndMicros), proofs, k), posts.Capsules.Length);
    }

    public async Task<WorkloadRecord> SettleAsync(long slot)
    {
        if (S.Settled is { } settled)
        {
            await Ledger.ApplyAsync(slot, $"settle/{settled.Arrival.WorkloadId}", settled.Settlement?.Entries ?? []);
            return settled;
        }

        var arrival = Arrival;
        var close = S.Closing ?? throw new InvalidOperationException($"workload {arrival.WorkloadId} settled before it closed");
        var context = await runs.GetAsync(RunId);
        await Task.WhenAll(S.Participants.Where(p => p.Posted && p.FinishMicros <= close.CloseMicros).Select(p =>
            Prover(p.ProverId).RevealAsync(slot, [new RevealRequest(arrival.WorkloadId, close.CloseMicros)])));
        var verdicts = await GrainFactory.GetGrain<IValidatorGrain>(RunId).ValidateAsync(new ValidationRequest(arrival.WorkloadId, arrival.Slot, arrival.ProgramIndex, close.CloseMicros));

        var program = context.Program(arrival.ProgramIndex);
        var auction = context.Setup.Mechanism == Mechanism.ReverseAuction;
        var rules = context.Setup.MechanismRules;
        var valid = WorkloadJudgement.Validity(verdicts);
        var lockWinner = S.Lock is { } locked ? LockWinner(locked, valid) : null;
        Func<Participant, bool>? counts =
            S.Fallback is { } engaged ? WorkloadJudgement.FallbackCounts(S.Participants, engaged, valid)
            : auction ? WorkloadJudgement.DeadlineCounts(S.Bids, valid)
            : S.Lock is not null ? p => p == lockWinner && valid(p)
            : null;
        var judged = WorkloadJudgement.Judge(S.Participants, verdicts, close.CloseMicros, S.UserOpenedMicros, program, counts);
        var parameters = program.For(context.Parameters);
        ImmutableArray<LedgerEntry> entries;
        ImmutableArray<Forfeit> forfeits = [];
        if (S.Lock is { } taken)
        {
            // The locker's delivery in time, or the race's first delivery, is paid (a fail result burns); a lock
            // that timed out forfeits its collateral, half of it to whoever else then fulfilled. A held lock
            // whose run a later challenge delayed past the timeout timed out too: its late delivery is the
            // only one, paid at the price then.
            var timedOut = taken.Raced || (lockWinner is { } late && late.FinishMicros > taken.TimeoutMicros);
            entries = RampAndLock.Settle(
                arrival.WorkloadId, arrival.UserId, S.Escrow, program.PaidCycles, judged.Execution.Cycles, lockWinner?.ProverId,
                judged.Execution.Outcome == WorkloadOutcome.Failed, timedOut ? taken.RacePrice : taken.Price, parameters);
            var awardTo = lockWinner is { } fulfilled && fulfilled.ProverId != taken.ProverId ? fulfilled.ProverId : (long?)null;
            forfeits = timedOut ? [new Forfeit(taken.ProverId, rules.Collateral, 0, awardTo, Lock: true)] : [];
        }
        else if (context.Setup.Mechanism == Mechanism.RampAndLock)
        {
            entries = RampAndLock.Settle(arrival.WorkloadId, arrival.UserId, S.Escrow, program.PaidCycles, 0, null, false, 0, parameters);
        }
        else if (auction)
        {
            // A winner that ran a program which does not halt within its paid cycles has a fail result; one
            // with neither that nor a valid proof by its deadline forfeits its collateral.
            var failed = judged.Execution.Outcome == WorkloadOutcome.Failed;
            var parts = judged.Execution.Participants.Where(p => !p.Declined).ToDictionary(p => p.ProverId);
            var ran = S.Participants.Where(p => p.Outcome is JobOutcome.Halted or JobOutcome.OutOfCycles or JobOutcome.Fault).Select(p => p.ProverId).ToHashSet();
            List<AuctionWinner> winners = [.. S.Bids.Select(b => new AuctionWinner(
                b.ProverId, b.Floor, b.Order, parts.TryGetValue(b.ProverId, out var part) && part.Won ? part.FinishMicros : null, failed && ran.Contains(b.ProverId)))];
            entries = ReverseAuction.Settle(arrival.WorkloadId, arrival.UserId, S.Escrow, program.PaidCycles, judged.Execution.Cycles, winners, parameters);
            forfeits = [.. ReverseAuction.Forfeits(winners).Select(id => new Forfeit(id, rules.Collateral, 0))];
        }
        else if (S.Fallback is not null)
        {
            var winner = judged.Execution.Participants.FirstOrDefault(p => p.Won);
            entries = SingleFallback.Settle(
                arrival.WorkloadId, arrival.UserId, S.Escrow, judged.Execution.Outcome, judged.Execution.Cycles,
                winner is null ? FallbackWinner.None : winner.Rank == 0 ? FallbackWinner.First : FallbackWinner.Fallback, winner?.ProverId ?? -1,
                S.Participants.Any(p => p.Outcome != JobOutcome.Declined), parameters);
        }
        else
        {
            var counted = OpenMarket.Counted(judged.Execution.Participants.Where(p => p.Won).Select(p => new CountedProof(p.ProverId, p.FinishMicros, p.Rank)), parameters.K);
            entries = [.. Rewards.Settle(
                arrival.WorkloadId, arrival.UserId, S.Escrow, judged.Execution.Outcome, judged.Execution.Cycles, counted, parameters, judged.ProversThatRan)];
        }

        if (context.Setup.Mechanism == Mechanism.ProportionalLottery)
        {
            // The reward goes to the arrival epoch's pot; the clock records the claims once per slot.
            entries = [.. Rewards.IntoPot(entries, arrival.Slot / parameters.EpochSlots)];
        }

        await Ledger.ApplyAsync(slot, $"settle/{arrival.WorkloadId}", entries);

        var record = new WorkloadRecord(
            arrival, S.Escrow, S.Allocation, judged.Execution, new WorkloadSettlement(slot, entries),
            judged.ProofsVerified, judged.ProofBytes, judged.CapsulesRejected, judged.MarketFills, MarketDrawn: S.MarketDrawn, Fallback: S.Fallback, Forfeits: forfeits, Lock: S.Lock);
        S.Settled = record;
        S.Participants = [];
        await state.WriteStateAsync();

        // Settled: nothing will call it in this run but a retry, which the stored record answers, and
        // the clock's word that the slot is committed; the activation goes until then.
        this.DeactivateOnIdle();
        return record;
    }

    // Who is paid under ramp-and-lock: the locker when the lock held (it delivered); after a timeout, the
    // first to deliver — a run of its paid cycles or a valid proof — the locker's late result first on a
    // tie, then the racers in VRF order (a prover that declined the lock may race). Null when nobody delivered.
    private Participant? LockWinner(WorkloadLock locked, Func<Participant, bool> valid)
    {
        bool Delivered(Participant p) => p.Outcome is JobOutcome.OutOfCycles or JobOutcome.Fault || (p.Outcome == JobOutcome.Halted && valid(p));
        return locked.Raced
            ? S.Participants.Where(Delivered).OrderBy(p => p.FinishMicros).ThenBy(p => p.Rank).FirstOrDefault()
            : S.Participants.FirstOrDefault(p => p.ProverId == locked.ProverId && p.Rank == 0 && Delivered(p));
    }

    public async Task ForgetAsync()
    {
        if (S.Settled is not null)
        {
            await state.ClearStateAsync();
        }

        this.DeactivateOnIdle();
    }

    public Task<WorkloadRecord> GetRecordAsync() =>
        Task.FromResult(S.Settled ?? new WorkloadRecord(Arrival, S.Escrow, S.Allocation, null, null, Fallback: S.Fallback));

    private ILedgerGrain Ledger => GrainFactory.GetGrain<ILedgerGrain>(RunId);

    private IActiveSetGrain ActiveSet => GrainFactory.GetGrain<IActiveSetGrain>(RunId);

    private IMempoolGrain Mempool => GrainFactory.GetGrain<IMempoolGrain>(RunId);

    // The user's client opens the earliest capsule sealed to it for its workload: the user's latency to
    // a usable proof. The user needs no reveal; a re-bound copy does not open, a verbatim one does.
    private static long? UserOpens(long workloadId, WorkloadPosts posts, byte[] userSecret)
    {
        foreach (var post in posts.Capsules)
        {
            var opening = ProofCapsule.Open(post.Capsule, userSecret, CapsuleRecipient.User);
            if (opening.Opened && opening.Header!.Binding.WorkloadId == workloadId)
            {
                return post.PostedMicros;
            }
        }

        return null;
    }
}
