// The mechanism model: one mechanism replayed over a market trace, a workload at a time in arrival order,
// on the pure rules of Grains/Protocol — eligibility, the VRF draws, job slots, the open market, tier
// shares and fees — and the same membership rules for every mechanism: a prover joins at its join slot
// when it passes its join challenge, the slot's beacon draws random challenges, a miss removes it and
// burns pow_slash of its stake. The model computes each job's virtual duration from the program's exact
// cycles at the prover's actual speed (with the engine's offline schedule and the engine's jitter stream
// for the same job); it does not prove: an honest prover's proof is valid, a copier's never is. Users
// are assumed able to pay. Every amount is an integer; the run checks that money is conserved.
using System.Collections.Immutable;
using System.Security.Cryptography;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Mechanisms;

public enum ModelOutcome
{
    /// <summary>A valid proof reached the user.</summary>
    Completed,
    /// <summary>A prover ran the program and it ran out of its paid cycles: a fail result.</summary>
    Failed,
    /// <summary>Nothing was delivered: the program halts within its paid cycles yet no valid proof came, or nobody ran it.</summary>
    Missed,
}

/// <summary>
/// One workload under one mechanism: its outcome, the time from arrival to its first valid proof, what
/// its user paid (to provers and burned), what the network minted for it, and how many proofs were paid.
/// </summary>
public sealed record ModelWorkload(long WorkloadId, ModelOutcome Outcome, long? FirstProofMicros, long UserPaid, long Minted, int ProofsPaid);

/// <summary>
/// One prover under one mechanism: rewards (minted), fees (from users), collateral won, PoW rewards, and
/// what it lost (stake slashed by challenges, collateral forfeited); the proofs it was paid for and how
/// long it was a member (for its hardware cost).
/// </summary>
public sealed record ModelProver(
    long ProverId, long Rewards, long Fees, long CollateralWon, long PowRewards, long Slashed, long CollateralLost, int Proofs, long MemberMicros, bool Ejected)
{
    public long Gross => Rewards + Fees + CollateralWon + PowRewards;

    public long Net => Gross - Slashed - CollateralLost;
}

/// <summary>A mechanism's run over a trace, with the SHA-256 of the trace as the run consumed it.</summary>
public sealed record ModelRun(Mechanism Mechanism, string TraceSha256, ImmutableArray<ModelWorkload> Workloads, ImmutableArray<ModelProver> Provers, long Burned);

public static class MechanismModel
{
    public static ModelRun Run(MarketTrace trace, Mechanism mechanism, MechanismParameters parameters) =>
        new Replay(trace, mechanism, parameters).Run();

    // A job a prover took: when it runs, whether it delivers a result (a copier never does), and whether that
    // result is a valid proof (the program halted within its paid cycles).
    private readonly record struct Job(long ProverId, long Start, long Finish, bool Delivers, bool Halts, int Order)
    {
        public bool ValidProof => Delivers && Halts;
    }

    private sealed class ProverState(ProverSetup setup, ProverCost cost)
    {
        public ProverSetup Setup { get; } = setup;

        public long Floor { get; } = cost.FloorPerMegacycle(setup.Actual.CyclesPerSecond);

        public JobSlots Slots { get; } = new(Math.Max(1, setup.JobSlots));

        public bool Admitted { get; set; }

        public long RemovedAtMicros { get; set; } = long.MaxValue;

        public bool Ejected { get; set; }

        public long Rewards, Fees, CollateralWon, PowRewards, Slashed, CollateralLost;

        public int Proofs;
    }

    private sealed class Replay
    {
        private readonly MarketTrace _trace;
        private readonly Mechanism _mechanism;
        private readonly MechanismParameters _mp;
        private readonly ProtocolParameters _p;
        private readonly RunSetup _setup;
        private readonly ProverState[] _provers;
        private readonly Dictionary<long, List<ProverState>> _joining;
        private readonly HashSet<long> _gone = [];
        private readonly HashSet<long> _inSnapshot = [];
        private readonly SortedSet<(long Micros, long ProverId)> _ejections = [];
        private readonly IncrementalHash _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly Dictionary<(long Epoch, HardwareRequirement Requirement, bool Takers), EligibleSet> _eligible = [];
        private readonly Dictionary<(long Epoch, HardwareRequirement Requirement), ImmutableArray<PricedCandidate>> _byFloor = [];
        private readonly Dictionary<long, long> _pots = [];
        private readonly Dictionary<long, Dictionary<long, long>> _potCycles = [];
        private readonly List<ModelWorkload> _results = [];
        private ImmutableArray<ProverState> _snapshot = [];
        private HashSet<long> _drawnLastSlot = [], _drawnThisSlot = [];
        private long _epoch = -1, _burned, _slot;

        public Replay(MarketTrace trace, Mechanism mechanism, MechanismParameters parameters)
        {
            _trace = trace;
            _mechanism = mechanism;
            _mp = parameters;
            _p = trace.Config.Parameters;
            _setup = trace.Setup;
            _provers = [.. trace.Config.Provers.Select((s, i) => new ProverState(s, trace.Costs[i]))];
            _joining = _provers.GroupBy(p => p.Setup.JoinSlot).ToDictionary(g => g.Key, g => g.ToList());
        }

        private long SlotStart(long slot) => slot * _p.SlotMicros;

        public ModelRun Run()
        {
            foreach (var p in _provers)
            {
                var s = p.Setup;
                var cost = _trace.Costs[(int)s.ProverId];
                Digest($"prover {s.ProverId} {s.Group} {s.Behaviour} {s.Declared} {s.Actual} {s.Stake} {s.JobSlots} {s.DeclineWhenBusy} {s.TakesMarket} {s.JoinSlot} {s.LeaveSlot} {s.OfflineRatePpm} {s.OfflineSlots} {s.QueuesMarketWork} {cost.HardwarePerSecond:R} {cost.Utilisation:R} {cost.Margin:R} {p.Floor}");
            }

            foreach (var (program, i) in _trace.Programs.Select((r, i) => (r, i)))
            {
                Digest($"program {i} {program.Cycles} {program.Halts} {_trace.Config.Demand.Programs[i].PaidCycles}");
            }

            var workloads = 0;
            for (_slot = 0; _slot < _trace.Config.Slots; _slot++)
            {
                if (_slot % _p.EpochSlots == 0)
                {
                    _epoch = _slot / _p.EpochSlots;
                    EjectUntil(SlotStart(_slot));
                    _snapshot = [.. _provers.Where(p => IsMember(p, _slot) && !Leaving(p, _slot))];
                    _inSnapshot.Clear();
                    _inSnapshot.UnionWith(_snapshot.Select(p => p.Setup.ProverId));
                    _gone.Clear();
                    _eligible.Clear();
                    _byFloor.Clear();
                }

                foreach (var p in _snapshot.Where(p => p.Setup.LeaveSlot == _slot))
                {
                    Gone(p);
                }

                Challenges(_slot);
                (_drawnLastSlot, _drawnThisSlot) = (_drawnThisSlot, []);
                Digest($"slot {_slot} {Convert.ToHexString(_trace.SlotBeacons[(int)_slot])} challenged {string.Join(',', _trace.Challenged[(int)_slot])}");
                // As in the engine's slot: every arrival's drawn provers decide first, in arrival order; then
                // each workload's second round (its market, or its fallback), in arrival order.
                var secondRounds = new List<Func<ModelWorkload>>();
                for (; workloads < _trace.Workloads.Length && _trace.Workloads[workloads].Slot == _slot; workloads++)
                {
                    var w = _trace.Workloads[workloads];
                    EjectUntil(w.ArrivalMicros);
                    Digest($"workload {w.WorkloadId} {w.ArrivalMicros} {w.ProgramIndex} {w.UserId} {Convert.ToHexString(w.Beta)}");
                    secondRounds.Add(_mechanism switch
                    {
                        Mechanism.VrfTiered or Mechanism.ProportionalLottery => Tiered(w),
                        Mechanism.VrfSingleFallback => SingleFallback(w),
                        Mechanism.ReverseAuction => Done(Auction(w)),
                        Mechanism.RampAndLock => Done(RampAndLock(w)),
                        _ => throw new ArgumentOutOfRangeException(nameof(_mechanism)),
                    });
                }

                _results.AddRange(secondRounds.Select(round => round()));
            }

            PayPots();
            var end = SlotStart(_trace.Config.Slots);
            var provers = _provers.Select(p => new ModelProver(
                p.Setup.ProverId, p.Rewards, p.Fees, p.CollateralWon, p.PowRewards, p.Slashed, p.CollateralLost, p.Proofs, MemberMicros(p, end), p.Ejected)).ToImmutableArray();
            var run = new ModelRun(_mechanism, Convert.ToHexStringLower(_digest.GetHashAndReset()), [.. _results], provers, _burned);
            CheckConservation(run);
            return run;
        }

        // Each line in the invariant culture, so the digest is the same on every machine.
        private void Digest(FormattableString line) => _digest.AppendData(System.Text.Encoding.UTF8.GetBytes(line.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));

        // Money in (users' payments, minted rewards, stake and collateral lost) equals money out (provers' receipts, burns).
        private static void CheckConservation(ModelRun run)
        {
            var paidIn = run.Workloads.Sum(w => w.UserPaid) + run.Workloads.Sum(w => w.Minted) + run.Provers.Sum(p => p.PowRewards) + run.Provers.Sum(p => p.Slashed + p.CollateralLost);
            var paidOut = run.Provers.Sum(p => p.Gross) + run.Burned;
            if (paidIn != paidOut)
            {
                throw new InvalidOperationException($"{MechanismCatalog.Name(run.Mechanism)}: money is not conserved: {paidIn} came in, {paidOut} went out");
            }
        }

        private bool IsMember(ProverState p, long slot) => p.Admitted && p.Setup.JoinSlot <= slot && p.RemovedAtMicros > SlotStart(slot);

        private static bool Leaving(ProverState p, long slot) => p.Setup.LeaveSlot >= 0 && slot >= p.Setup.LeaveSlot;

        private long MemberMicros(ProverState p, long end)
        {
            if (!p.Admitted)
            {
                return 0;
            }

            var until = Math.Min(end, p.RemovedAtMicros);
            if (p.Setup.LeaveSlot >= 0)
            {
                until = Math.Min(until, SlotStart(p.Setup.LeaveSlot));
            }

            return Math.Max(0, until - SlotStart(p.Setup.JoinSlot));
        }

        // Joins (the join challenge decides admission) and the slot's random challenges: a miss removes the
        // member and burns pow_slash of its stake; a pass earns pow_reward. The same for every mechanism.
        private void Challenges(long slot)
        {
            foreach (var p in _joining.GetValueOrDefault(slot) ?? [])
            {
                // A stake below min_stake is refused before any challenge (nothing is slashed).
                if (!p.Admitted && p.RemovedAtMicros == long.MaxValue && Membership.JoinRefusal(p.Setup.Stake, _p) is null)
                {
                    var passes = _p.JoinChallenges == 0 || PassesChallenge(p, slot);
                    p.Admitted = passes;
                    if (!passes)
                    {
                        Slash(p, slot);
                    }
                    else
                    {
                        p.PowRewards += _p.PowReward * _p.JoinChallenges;
                    }
                }
            }

            foreach (var id in _trace.Challenged[(int)slot])
            {
                var p = _provers[id];
                if (IsMember(p, slot) && !Leaving(p, slot) && p.Setup.JoinSlot < slot)
                {
                    if (PassesChallenge(p, slot))
                    {
                        p.PowRewards += _p.PowReward;
                    }
                    else
                    {
                        Slash(p, slot);
                    }
                }
            }
        }

        // What is left of a prover's stake after what challenges and forfeits took.
        private static long LockedStake(ProverState p) => p.Setup.Stake - p.Slashed - p.CollateralLost;

        private void Slash(ProverState p, long slot)
        {
            var slashed = (long)((Int128)LockedStake(p) * _p.PowSlashPpm / ProtocolParameters.Ppm);
            p.Slashed += slashed;
            _burned += slashed;
            p.RemovedAtMicros = SlotStart(slot);
            Gone(p);
        }

        // A member that left or was removed is no longer drawn, from the moment it goes (as the engine's
        // active set drops it from its eligible sets at once), until the next snapshot leaves it out.
        private void Gone(ProverState p)
        {
            if (_inSnapshot.Contains(p.Setup.ProverId) && _gone.Add(p.Setup.ProverId))
            {
                _eligible.Clear();
                _byFloor.Clear();
            }
        }

        // Ejections take effect when the fallback's proof arrives: those due by `micros` are applied.
        private void EjectUntil(long micros)
        {
            while (_ejections.Count > 0 && _ejections.Min.Micros <= micros)
            {
                var (_, id) = _ejections.Min;
                _ejections.Remove(_ejections.Min);
                Gone(_provers[id]);
            }
        }

        // The engine's challenge test of the declared hardware, without its proof: one lane per declared core,
        // due after the input and one wave at the declared hardware plus the slack.
        private bool PassesChallenge(ProverState p, long slot)
        {
            if (ProverBehaviour.IsOffline(p.Setup, _setup, slot))
            {
                return false;
            }

            var declared = p.Setup.Declared;
            var lanes = PowChallenges.Lanes(declared);
            var test = new ChallengeTest(lanes, Math.Max(1, _p.PowCycles / lanes), 0, PowChallenges.InputBytes(declared, _p), declared.MemoryGb, declared.Gpus);
            if (!test.CanRunOn(p.Setup.Actual))
            {
                return false;
            }

            var deadline = PowChallenges.Deadline(0, test, declared, _p);
            return test.TransferMicros(p.Setup.Actual) + test.ComputeMicros(p.Setup.Actual) <= deadline;
        }

        private EligibleSet Eligible(Actors.Simulation.ProgramSpec program, bool takers)
        {
            var key = (_epoch, program.Requirement, takers);
            if (!_eligible.TryGetValue(key, out var set))
            {
                set = new EligibleSet(Eligibility.Filter(
                    _snapshot.Select(p => (p.Setup.ProverId, p.Setup.Stake, p.Setup.Declared, p.Setup.TakesMarket)), program.Requirement, takers, _gone));
                _eligible[key] = set;
            }

            return set;
        }

        // The eligible members' standing bids, cheapest first (ties by id; a workload breaks them by its VRF output).
        private ImmutableArray<PricedCandidate> ByFloor(Actors.Simulation.ProgramSpec program)
        {
            var key = (_epoch, program.Requirement);
            if (!_byFloor.TryGetValue(key, out var sorted))
            {
                sorted = PriceOrder.Sort(Eligible(program, false).Select(c => new PricedCandidate(c.ProverId, _provers[c.ProverId].Floor)));
                _byFloor[key] = sorted;
            }

            return sorted;
        }

        // The eligible provers in the order a price reaches them (PriceOrder, as the engine's active set orders them).
        private IEnumerable<ProverState> InFloorOrder(Actors.Simulation.ProgramSpec program, byte[] beta) =>
            PriceOrder.Of(ByFloor(program), beta).Select(c => _provers[c.ProverId]);

        // Whether a prover can consider a job at a time: a member then, online, with the memory and GPUs the
        // program needs and the bandwidth for its input to arrive in time.
        private bool CanTake(ProverState p, TraceWorkload w, long at)
        {
            var program = _trace.Config.Demand.Programs[w.ProgramIndex];
            var slot = at / _p.SlotMicros;
            return p.Admitted && p.RemovedAtMicros > at && p.Setup.JoinSlot <= slot && !Leaving(p, slot)
                && !ProverBehaviour.IsOffline(p.Setup, _setup, slot)
                && p.Setup.Actual.MemoryGb >= program.Requirement.MinMemoryGb && p.Setup.Actual.Gpus >= program.Requirement.MinGpus
                && p.Setup.Actual.TransferMicros(program.InputBytes) <= _p.InputDeadlineMicros;
        }

        // Takes the job on a job slot from `at` (queueing when allowed); null when no slot is free. A copier
        // takes anything and runs nothing.
        private Job? Take(ProverState p, TraceWorkload w, long at, bool mayQueue, JobKind kind, int order)
        {
            var program = _trace.Config.Demand.Programs[w.ProgramIndex];
            var run = _trace.Programs[w.ProgramIndex];
            if (p.Setup.Copies)
            {
                return new Job(p.Setup.ProverId, at, at, false, run.Halts, order);
            }

            p.Slots.ForgetBefore(SlotStart(_slot));
            var compute = p.Setup.Actual.ComputeMicros(run.Cycles);
            // The engine's jitter stream for the same job (its kind, workload and rank): the same durations.
            compute = ProverBehaviour.Jittered(compute, new JobOffer(kind, w.WorkloadId, order, at, w.ProgramIndex, program.PaidCycles, program.InputBytes), p.Setup, _setup);

            var duration = p.Setup.Actual.TransferMicros(program.InputBytes) + compute;
            var (slot, start) = p.Slots.Place(at, duration, mayQueue);
            if (slot < 0)
            {
                return null;
            }

            p.Slots.Book(slot, start, start + duration, w.WorkloadId);
            return new Job(p.Setup.ProverId, start, start + duration, true, run.Halts, order);
        }

        // The deadline a prover commits to: the input and the paid cycles at its declared hardware, plus the slack.
        private long Deadline(ProverState p, TraceWorkload w, long from)
        {
            var program = _trace.Config.Demand.Programs[w.ProgramIndex];
            return Protocol.SingleFallback.Deadline(p.Setup.Declared, program.InputBytes, program.PaidCycles, from, _mp.DeadlineSlackMicros);
        }

        private void Pay(ProverState p, long reward, long fee)
        {
            p.Rewards += reward;
            p.Fees += fee;
            p.Proofs++;
        }

        private ModelWorkload Burn(TraceWorkload w, long amount)
        {
            _burned += amount;
            return new ModelWorkload(w.WorkloadId, ModelOutcome.Failed, null, amount, 0, 0);
        }

        private static ModelWorkload Missed(TraceWorkload w, long userPaid = 0) => new(w.WorkloadId, ModelOutcome.Missed, null, userPaid, 0, 0);

        private static Func<ModelWorkload> Done(ModelWorkload result) => () => result;

        // vrf-tiered and proportional-lottery: the engine's allocation and declines now; its market and tiers in the second round.
        private Func<ModelWorkload> Tiered(TraceWorkload w)
        {
            var spec = _trace.Config.Demand.Programs[w.ProgramIndex];
            var parameters = spec.For(_p);
            var run = _trace.Programs[w.ProgramIndex];
            var drawn = Allocation.Draw(Eligible(spec, false), w.Beta, parameters.K, _p.AllocationWeight);
            var jobs = new List<Job>();
            var declines = 0;
            foreach (var (id, rank) in drawn.Select((id, rank) => (id, rank)))
            {
                var p = _provers[id];
                var job = CanTake(p, w, w.ArrivalMicros) ? Take(p, w, w.ArrivalMicros, !p.Setup.DeclineWhenBusy, JobKind.Allocated, rank) : null;
                if (job is { } taken)
                {
                    jobs.Add(taken);
                }
                else
                {
                    declines++;
                }
            }

            return () => TieredMarket(w, drawn, jobs, declines);
        }

        private ModelWorkload TieredMarket(TraceWorkload w, ImmutableArray<long> drawn, List<Job> jobs, int declines)
        {
            var spec = _trace.Config.Demand.Programs[w.ProgramIndex];
            var parameters = spec.For(_p);
            var run = _trace.Programs[w.ProgramIndex];
            var market = new List<Job>();
            if (declines > 0 && _p.MarketCandidates > 0)
            {
                var takers = Eligible(spec, true).Where(c => !drawn.Contains(c.ProverId)).ToList();
                var contenders = OpenMarket.Candidates(takers, w.Beta, 0, _p.MarketCandidates);
                foreach (var (id, order) in contenders.Select((id, order) => (id, order)))
                {
                    var p = _provers[id];
                    if (CanTake(p, w, w.ArrivalMicros) && Take(p, w, w.ArrivalMicros, p.Setup.QueuesMarketWork, JobKind.Market, 64 + order) is { } job)
                    {
                        market.Add(job);
                    }
                }
            }

            if (!run.Halts)
            {
                var ran = Math.Min(parameters.K, jobs.Concat(market).Count(j => j.Delivers));
                return ran == 0 ? Missed(w) : Burn(w, Rewards.Fee(spec.PaidCycles, parameters.FeePerMegacycle) * ran);
            }

            // The workload closes at the k-th valid proof posted (allocated or market, winner or not) or when
            // every participant has ended; a proof posted after the close is neither checked nor paid.
            var everyone = jobs.Concat(market).ToList();
            var close = WorkloadClose.At(
                w.ArrivalMicros, everyone.Select(j => j.Delivers ? j.Finish : (long?)null), everyone.Where(j => j.ValidProof).Select(j => j.Finish), parameters.K);
            bool Checked(Job j) => j.ValidProof && j.Finish <= close;
            var winners = OpenMarket.Winners(market.Where(Checked).Select(j => new MarketProof(j.ProverId, j.Finish, j.Order - 64)), declines);
            var counted = OpenMarket.Counted(
                [.. jobs.Where(Checked).Select(j => new CountedProof(j.ProverId, j.Finish, j.Order)), .. winners.Select(m => new CountedProof(m.ProverId, m.FinishMicros, 64 + m.VrfOrder))],
                parameters.K);
            if (counted.Count == 0)
            {
                return Missed(w);
            }

            var shares = Rewards.TierShares(parameters.Reward, parameters.TiersPpm, counted.Count);
            var fee = Rewards.Fee(run.Cycles, parameters.FeePerMegacycle);
            for (var rank = 0; rank < counted.Count; rank++)
            {
                var p = _provers[counted[rank].ProverId];
                if (_mechanism == Mechanism.ProportionalLottery)
                {
                    Pay(p, 0, fee);
                    _pots[_epoch] = _pots.GetValueOrDefault(_epoch) + shares[rank];
                    var cycles = _potCycles.TryGetValue(_epoch, out var c) ? c : _potCycles[_epoch] = [];
                    cycles[p.Setup.ProverId] = cycles.GetValueOrDefault(p.Setup.ProverId) + run.Cycles;
                }
                else
                {
                    Pay(p, shares[rank], fee);
                }
            }

            return new ModelWorkload(w.WorkloadId, ModelOutcome.Completed, counted[0].FinishMicros - w.ArrivalMicros, fee * counted.Count, shares.Sum(), counted.Count);
        }

        // Each epoch's pot, split in proportion to the counted proofs' cycles (the engine's rule).
        private void PayPots()
        {
            foreach (var (epoch, pot) in _pots.OrderBy(e => e.Key))
            {
                foreach (var share in Rewards.SplitPot(epoch, pot, _potCycles[epoch].Select(c => new PotClaim(c.Key, c.Value))))
                {
                    _provers[share.To!.Value.Id].Rewards += share.Amount;
                }
            }
        }

        // vrf-single-fallback, on the rules the engine's workloads follow (SingleFallback): the first prover
        // decides now; the fallback, when one is needed, in the second round.
        private Func<ModelWorkload> SingleFallback(TraceWorkload w)
        {
            var spec = _trace.Config.Demand.Programs[w.ProgramIndex];
            var parameters = spec.For(_p);
            var run = _trace.Programs[w.ProgramIndex];
            var eligible = Eligible(spec, false);
            if (Protocol.SingleFallback.First(eligible, w.Beta, _drawnLastSlot, _p.AllocationWeight) is not { } firstId)
            {
                return Done(Missed(w));
            }

            var first = _provers[firstId];
            _drawnThisSlot.Add(firstId);
            var escrow = Protocol.SingleFallback.Escrow(spec.PaidCycles, parameters.FeePerMegacycle);
            var firstJob = CanTake(first, w, w.ArrivalMicros) ? Take(first, w, w.ArrivalMicros, !first.Setup.DeclineWhenBusy, JobKind.Allocated, 0) : null;
            return () => Fallback(w, eligible, first, firstJob, escrow);
        }

        private ModelWorkload Fallback(TraceWorkload w, EligibleSet eligible, ProverState first, Job? firstJob, long escrow)
        {
            var spec = _trace.Config.Demand.Programs[w.ProgramIndex];
            var parameters = spec.For(_p);
            var run = _trace.Programs[w.ProgramIndex];
            var firstId = first.Setup.ProverId;
            var firstDeadline = Deadline(first, w, w.ArrivalMicros + _mp.DecisionWindowMicros);
            var from = Protocol.SingleFallback.FallbackFrom(
                firstJob is null, firstJob is { Delivers: true, Halts: false }, firstJob is { ValidProof: true } j ? j.Finish : null,
                w.ArrivalMicros, _mp.DecisionWindowMicros, firstDeadline);
            if (from is not { } start)
            {
                if (firstJob is { ValidProof: true } done)
                {
                    var fee = Rewards.Fee(run.Cycles, parameters.FeePerMegacycle);
                    Pay(first, parameters.Reward, fee);
                    return new ModelWorkload(w.WorkloadId, ModelOutcome.Completed, done.Finish - w.ArrivalMicros, fee, parameters.Reward, 1);
                }

                return Burn(w, escrow);
            }

            // Declined (the window closes) or failed (its deadline passes): a fallback drawn at random runs it.
            var fallback = Protocol.SingleFallback.Fallback(eligible, w.Beta, firstId) is { } fallbackId ? _provers[fallbackId] : null;
            var job = fallback is not null && CanTake(fallback, w, start) ? Take(fallback, w, start, !fallback.Setup.DeclineWhenBusy, JobKind.Fallback, 1) : null;
            if (job is { Delivers: true, Halts: false })
            {
                return Burn(w, escrow);
            }

            if (fallback is not null && job is { ValidProof: true } rescued && rescued.Finish <= Deadline(fallback, w, start))
            {
                var fee = Rewards.Fee(run.Cycles, parameters.FeePerMegacycle);
                var paid = fee - (fee / 2);
                Pay(fallback, parameters.Reward, paid);

                // The first prover is ejected from the slot after the one the workload settles in: when every
                // participant has ended (a copier reposts the fallback's capsule one propagation delay later).
                var firstEnd = firstJob is null ? w.ArrivalMicros : first.Setup.Copies ? rescued.Finish + CopierStrategy.CopyDelayMicros : firstJob.Value.Finish;
                var close = Math.Max(Math.Max(start, firstEnd), rescued.Finish);
                first.Ejected = true;
                first.RemovedAtMicros = Math.Min(first.RemovedAtMicros, SlotStart(Protocol.SingleFallback.EjectionSlot(close, _p.SlotMicros)));
                _ejections.Add((first.RemovedAtMicros, first.Setup.ProverId));
                return new ModelWorkload(w.WorkloadId, ModelOutcome.Completed, rescued.Finish - w.ArrivalMicros, paid, parameters.Reward, 1);
            }

            // Both failed: the whole fee burns — when one of them took the job; when neither did (both declined,
            // or no fallback was eligible) nobody failed and the escrow returns to the user.
            if (firstJob is null && job is null)
            {
                return Missed(w);
            }

            _burned += escrow;
            return Missed(w, escrow);
        }

        // reverse-auction.
        private ModelWorkload Auction(TraceWorkload w)
        {
            var spec = _trace.Config.Demand.Programs[w.ProgramIndex];
            var parameters = spec.For(_p);
            var run = _trace.Programs[w.ProgramIndex];
            var ceiling = _mp.Ceiling(parameters.FeePerMegacycle);
            var winners = new List<(ProverState Prover, Job Job)>();
            foreach (var p in InFloorOrder(spec, w.Beta))
            {
                if (winners.Count == parameters.K || p.Floor > ceiling)
                {
                    break;
                }

                // Only a prover with a job slot free for the whole run bids.
                if (CanTake(p, w, w.ArrivalMicros) && Take(p, w, w.ArrivalMicros, mayQueue: false, JobKind.Bid, winners.Count) is { } job)
                {
                    winners.Add((p, job));
                }
            }

            if (winners.Count == 0)
            {
                return Missed(w);
            }

            var userPaid = 0L;
            var delivered = new List<(ProverState Prover, Job Job)>();
            foreach (var (p, job) in winners)
            {
                if (job.Delivers && !job.Halts)
                {
                    var burn = Rewards.Fee(spec.PaidCycles, p.Floor);
                    userPaid += burn;
                    _burned += burn;
                }
                else if (job.ValidProof && job.Finish <= Deadline(p, w, w.ArrivalMicros))
                {
                    delivered.Add((p, job));
                }
                else
                {
                    // Forfeited from the locked stake, at most what is left of it (as the engine's active set takes it).
                    var lost = Math.Clamp(_mp.Collateral, 0, LockedStake(p));
                    p.CollateralLost += lost;
                    _burned += lost;
                }
            }

            if (!run.Halts)
            {
                return new ModelWorkload(w.WorkloadId, winners.Any(x => x.Job.Delivers) ? ModelOutcome.Failed : ModelOutcome.Missed, null, userPaid, 0, 0);
            }

            if (delivered.Count == 0)
            {
                return Missed(w);
            }

            var ordered = Rewards.FinishingOrder(delivered.Select(d => new CountedProof(d.Prover.Setup.ProverId, d.Job.Finish, d.Job.Order)));
            var shares = Rewards.TierShares(parameters.Reward, parameters.TiersPpm, ordered.Count);
            for (var rank = 0; rank < ordered.Count; rank++)
            {
                var p = _provers[ordered[rank].ProverId];
                var fee = Rewards.Fee(run.Cycles, p.Floor);
                Pay(p, shares[rank], fee);
                userPaid += fee;
            }

            return new ModelWorkload(w.WorkloadId, ModelOutcome.Completed, ordered[0].FinishMicros - w.ArrivalMicros, userPaid, shares.Sum(), ordered.Count);
        }

        // ramp-and-lock, on the rules the engine's workloads follow (RampAndLock).
        private ModelWorkload RampAndLock(TraceWorkload w)
        {
            var spec = _trace.Config.Demand.Programs[w.ProgramIndex];
            var parameters = spec.For(_p);
            var run = _trace.Programs[w.ProgramIndex];
            var ramp = new PriceRamp(w.ArrivalMicros, _mp.MinPrice, _mp.Ceiling(parameters.FeePerMegacycle), _mp.RampMicros);
            ProverState? locker = null;
            Job lockJob = default;
            long lockedAt = 0;
            foreach (var p in InFloorOrder(spec, w.Beta))
            {
                if (ramp.MetAt(p.Floor) is not { } at)
                {
                    break;
                }

                if (CanTake(p, w, at) && Take(p, w, at, p.Setup.QueuesMarketWork, JobKind.Lock, 0) is { } job)
                {
                    (locker, lockJob, lockedAt) = (p, job, at);
                    break;
                }
            }

            if (locker is null)
            {
                return Missed(w);
            }

            var price = ramp.PriceAt(lockedAt);
            var timeout = lockedAt + _mp.LockTimeoutMicros;
            if (lockJob.Delivers && lockJob.Finish <= timeout)
            {
                if (!lockJob.Halts)
                {
                    return Burn(w, Rewards.Fee(spec.PaidCycles, price));
                }

                var fee = Rewards.Fee(run.Cycles, price);
                Pay(locker, parameters.Reward, fee);
                return new ModelWorkload(w.WorkloadId, ModelOutcome.Completed, lockJob.Finish - w.ArrivalMicros, fee, parameters.Reward, 1);
            }

            // The lock timed out: its collateral is forfeited from the locker's stake (at most what is left) and
            // anyone may fulfil at the price then; the locker's own late result races with up to
            // market_candidates others drawn by the VRF.
            var lost = Math.Clamp(_mp.Collateral, 0, LockedStake(locker));
            locker.CollateralLost += lost;
            var later = ramp.PriceAt(timeout);
            var racers = new List<(ProverState Prover, Job Job)>();
            if (lockJob.Delivers)
            {
                racers.Add((locker, lockJob));
            }

            var drawn = Protocol.RampAndLock.Racers(Eligible(spec, false).Select(c => new PricedCandidate(c.ProverId, _provers[c.ProverId].Floor)), w.Beta, locker.Setup.ProverId, later, _p.MarketCandidates);
            foreach (var (id, order) in drawn.Select((id, order) => (id, order)))
            {
                var p = _provers[id];
                if (CanTake(p, w, timeout) && Take(p, w, timeout, p.Setup.QueuesMarketWork, JobKind.Race, 1 + order) is { Delivers: true } job)
                {
                    racers.Add((p, job));
                }
            }

            if (racers.Count == 0)
            {
                _burned += lost;
                return Missed(w);
            }

            // Half the collateral to whoever else fulfils; the locker's own late result earns none of it back.
            var (winner, won) = racers.OrderBy(r => r.Job.Finish).ThenBy(r => r.Job.Order).First();
            var (burned, awarded) = Protocol.RampAndLock.SplitCollateral(lost, winner != locker);
            _burned += burned;
            winner.CollateralWon += awarded;
            if (!won.Halts)
            {
                return Burn(w, Rewards.Fee(spec.PaidCycles, later));
            }

            var paid = Rewards.Fee(run.Cycles, later);
            Pay(winner, parameters.Reward, paid);
            return new ModelWorkload(w.WorkloadId, ModelOutcome.Completed, won.Finish - w.ArrivalMicros, paid, parameters.Reward, 1);
        }
    }
}
