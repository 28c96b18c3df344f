// Phases 1 and 7 (challenges) of a slot: joins lock stake and receive their join challenges, leaves
// start the cooldown, ended cooldowns unlock stake, members drawn by the slot's beacon get a random
// PoW challenge; challenges due in the slot are judged (answer, exact cycles, deadline).
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Actors.Simulation;

public sealed partial class SimulationGrain
{
    private async Task<List<(long ProverId, JobOffer Offer)>> LifecycleAsync(SlotTick tick, byte[] slotBeacon)
    {
        ImmutableArray<JoinRequest> joins = [.. Config.Provers
            .Where(p => p.JoinSlot == tick.Slot)
            .Select(p => new JoinRequest(p.ProverId, p.Stake, p.Declared, p.TakesMarket))];
        ImmutableArray<long> leaves = [.. Config.Provers.Where(p => p.LeaveSlot == tick.Slot).Select(p => p.ProverId)];
        var result = await ActiveSet.LifecycleAsync(tick.Slot, joins, leaves, slotBeacon);

        var entries = result.Joined.Select(j => new LedgerEntry(AccountId.Prover(j.ProverId), AccountId.StakeOf(j.ProverId), j.Stake, EntryKind.StakeLock))
            .Concat(result.Unlocked.Select(u => new LedgerEntry(AccountId.StakeOf(u.ProverId), AccountId.Prover(u.ProverId), u.Amount, EntryKind.StakeUnlock)));
        await LedgerGrain.ApplyAsync($"{tick.Slot}/lifecycle", [.. entries]);
        tick.Joined = result.Joined.Length;

        var offers = new List<(long ProverId, JobOffer Offer)>();
        var due = result.Joined.SelectMany(j => Enumerable.Range(0, P.JoinChallenges).Select(i => (j.ProverId, Index: i)))
            .Concat(result.Challenged.Select(id => (ProverId: id, Index: 0)))
            .OrderBy(c => c.ProverId).ThenBy(c => c.Index);
        foreach (var (proverId, index) in due)
        {
            var nonce = Challenges.Nonce(slotBeacon, proverId, index);
            var input = ChallengeProgram.InputFor(P.PowCycles, nonce);
            var cycles = ChallengeProgram.CyclesFor(input[0]);
            var deadline = Challenges.Deadline(tick.Start, cycles, ProverSetupOf(proverId).Declared, P);
            var id = S.NextChallengeId++;
            S.Challenges[id] = new PendingChallenge(id, proverId, tick.Start, deadline, cycles, [.. input], FinishMicros: -1, Answered: false);
            offers.Add((proverId, new JobOffer(JobKind.Challenge, id, 0, tick.Start, ChallengeProgram.Program.Words, [.. input], cycles, 0)));
        }

        tick.ChallengesIssued = offers.Count;
        return offers;
    }

    // A challenge passes when the prover's STARK proof verifies for the program on its input with the
    // exact expected cycles, and it finished by the deadline.
    private async Task JudgeChallengesAsync(SlotTick tick)
    {
        var due = S.Challenges.Values.Where(c => c.DeadlineMicros < tick.End).OrderBy(c => c.DeadlineMicros).ThenBy(c => c.ChallengeId).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var verdicts = due.Select(c => new ChallengeVerdict(c.ProverId, c.ChallengeId, c.Answered && c.FinishMicros <= c.DeadlineMicros)).ToImmutableArray();
        var judgement = await ActiveSet.JudgeAsync(tick.Slot, verdicts);
        var entries = verdicts.Where(v => v.Passed).Select(v => new LedgerEntry(null, AccountId.Prover(v.ProverId), P.PowReward, EntryKind.PowReward))
            .Concat(judgement.Removed.Select(r => new LedgerEntry(AccountId.StakeOf(r.ProverId), null, r.Slashed, EntryKind.Slash)));
        await LedgerGrain.ApplyAsync($"{tick.Slot}/judge", [.. entries]);
        foreach (var challenge in due)
        {
            S.Challenges.Remove(challenge.ChallengeId);
        }

        tick.ChallengesPassed = verdicts.Count(v => v.Passed);
        tick.ChallengesMissed = verdicts.Length - tick.ChallengesPassed;
    }

    private Dictionary<long, ProverSetup>? _proverSetups;

    // Built once per activation, not once per slot (a run may have 10,000 provers).
    private ProverSetup ProverSetupOf(long proverId) => (_proverSetups ??= Config.Provers.ToDictionary(p => p.ProverId))[proverId];

    private void RecordChallengeAnswers(SlotTick tick, IEnumerable<JobReport> reports)
    {
        var answers = reports.Where(r => r.Kind == JobKind.Challenge).ToList();
        var valid = ProofCheck.Check([.. answers.Select(r => (r, ChallengeProgram.Program.Words, S.Challenges[r.JobId].Input))]);
        for (var i = 0; i < answers.Count; i++)
        {
            var challenge = S.Challenges[answers[i].JobId];
            var correct = valid[i] && answers[i].Cycles == challenge.ExactCycles;
            S.Challenges[answers[i].JobId] = challenge with { FinishMicros = answers[i].FinishMicros, Answered = correct };
            tick.ProofsVerified += valid[i] ? 1 : 0;
            tick.ProofBytes += answers[i].Proof?.Length ?? 0;
        }
    }
}
