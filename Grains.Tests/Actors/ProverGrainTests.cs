// The Prover grain on the test cluster: offers are taken in canonical order whatever order they came
// in, a capacity-limited prover declines when its job slots are busy while an honest one queues, the
// virtual finish is transfer + cycles ÷ actual speed, and a retried phase call has no second effect.
using ProverSim.Grains.Crypto;
using System.Collections.Immutable;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Tests.Actors;

[Collection(ClusterCollection.Name)]
public sealed class ProverGrainTests(ClusterFixture fixture)
{
    // The programs of the test run: countdown(n) for these n (n values out, 3n + 2 cycles).
    private static readonly ulong[] Inputs = [100, 10, 5, 1, 3];

    private static readonly HardwareProfile Hardware = new(8, 32, 0, 8, 1_000);

    private static readonly (byte[] Secret, byte[] Public) User = Hpke.DeriveKeyPair("user"u8);

    private static readonly ProtocolParameters Parameters = new() { JitterPpm = 0, InputDeadlineMicros = 500_000 };

    private Task<string> RunAsync() => TestRuns.CreateAsync(fixture.Client, "prover-test", Parameters, [.. Inputs.Select(n => TestRuns.Countdown(n))]);

    private async Task<IProverGrain> ProverAsync(bool declineWhenBusy, int jobSlots = 1, long actualSpeed = 1_000, HardwareProfile? actual = null, ProtocolParameters? parameters = null)
    {
        var run = parameters is null ? await RunAsync() : await TestRuns.CreateAsync(fixture.Client, "prover-test", parameters, [.. Inputs.Select(n => TestRuns.Countdown(n))]);
        var prover = fixture.Client.GetGrain<IProverGrain>(RunKeys.Of(run, 7));
        var setup = new ProverSetup(7, "g", declineWhenBusy ? "capacity-limited" : "honest", Hardware, actual ?? Hardware with { CyclesPerSecond = actualSpeed },
            1_000, 0, jobSlots, declineWhenBusy, true, 0, -1);
        await prover.InitializeAsync(setup);
        return prover;
    }

    private static JobOffer Offer(long id, long at, ulong n, long inputBytes = 0) =>
        new(JobKind.Allocated, id, 0, at, Array.IndexOf(Inputs, n), 1_000, inputBytes, User.Public);

    [Fact]
    public async Task CapacityLimitedProverDeclinesWhileBusyAndTakesOffersInArrivalOrder()
    {
        var prover = await ProverAsync(declineWhenBusy: true);

        // Given out of order: 2 (t = 10 ms) overlaps 1 (t = 0, runs 302 cycles = 302 ms); 3 comes after it ends.
        var reports = await prover.DecideAsync(0, [Offer(3, 400_000, 10), Offer(2, 10_000, 10), Offer(1, 0, 100)]);

        Assert.Equal([1L, 2L, 3L], reports.Select(r => r.JobId).ToArray());
        Assert.Equal((JobOutcome.Halted, 302_000L, 302L), (reports[0].Outcome, reports[0].FinishMicros, reports[0].Cycles));
        Assert.Equal((JobOutcome.Declined, DeclineReason.Capacity), (reports[1].Outcome, reports[1].Decline));
        Assert.Equal((JobOutcome.Halted, 432_000L), (reports[2].Outcome, reports[2].FinishMicros));
        Assert.Null(reports[0].Check);

        // The output and proof went to the mempool in a capsule bound to (workload, prover, slot) that the user opens.
        var posts = await fixture.Client.GetGrain<IMempoolGrain>(RunKeys.RunOf(prover.GetPrimaryKeyString())).ReadAsync([1, 2, 3]);
        Assert.Equal([1, 0, 1], posts.Select(p => p.Capsules.Length));
        var post = posts[0].Capsules[0];
        Assert.Equal((7L, 302_000L), (post.PosterId, post.PostedMicros));
        var opened = ProofCapsule.Open(post.Capsule, User.Secret, CapsuleRecipient.User);
        Assert.Equal(new CapsuleBinding(1, 7, 0), opened.Header!.Binding);
        var claim = ProofPayload.Decode(opened.Payload)!;
        Assert.Equal(Enumerable.Range(1, 100).Reverse().Select(i => (ulong)i), claim.Output);
        Assert.Equal(302L, claim.Cycles);
    }

    [Fact]
    public async Task HonestProverQueuesWhenBusyAndRunsAtItsActualSpeed()
    {
        var prover = await ProverAsync(declineWhenBusy: false, actualSpeed: 500);
        var reports = await prover.DecideAsync(0, [Offer(1, 0, 100), Offer(2, 10_000, 10)]);

        // At 500 cycles/s: 302 cycles take 604 ms; the second job waits for the slot (604 ms), then 64 ms.
        Assert.Equal(604_000, reports[0].FinishMicros);
        Assert.Equal((JobOutcome.Halted, 668_000L), (reports[1].Outcome, reports[1].FinishMicros));
    }

    [Fact]
    public async Task InputThatCannotArriveInTimeIsDeclinedForBandwidth()
    {
        var prover = await ProverAsync(declineWhenBusy: false);

        // 8 Mbps = 1 byte/µs: 400 kB arrive in 400 ms (accepted, added to the finish), 600 kB in 600 ms > 500 ms.
        var reports = await prover.DecideAsync(0, [Offer(1, 0, 1, inputBytes: 400_000), Offer(2, 1_000_000, 1, inputBytes: 600_000)]);
        Assert.Equal(400_000 + 5_000, reports[0].FinishMicros);
        Assert.Equal(DeclineReason.Bandwidth, reports[1].Decline);
    }

    [Fact]
    public async Task ARetriedDecisionForTheSameSlotHasNoSecondEffect()
    {
        var prover = await ProverAsync(declineWhenBusy: true);
        var first = await prover.DecideAsync(0, [Offer(1, 0, 5)]);
        var again = await prover.DecideAsync(0, [Offer(1, 0, 5), Offer(2, 0, 5)]);
        Assert.Equal(first.Select(Key), again.Select(Key));
        Assert.Equal(1, (await prover.GetRecordAsync()).JobsRun);

        // The market phase only races with a job slot free at the moment the slot opened.
        var market = await prover.MarketAsync(0, [Offer(9, 10_000, 5) with { Kind = JobKind.Market }, Offer(8, 100_000, 5) with { Kind = JobKind.Market }]);
        Assert.Equal((JobOutcome.Declined, JobOutcome.Halted), (market[0].Outcome, market[1].Outcome));
        Assert.Equal(8, market[1].JobId);
        Assert.Equal(market.Select(Key), (await prover.MarketAsync(0, [])).Select(Key));
    }

    [Fact]
    public async Task AnOfflineFlakyProverDeclinesWorkAndLeavesItsChallengeUnanswered()
    {
        var prover = fixture.Client.GetGrain<IProverGrain>(RunKeys.Of(await RunAsync(), 7));
        await prover.InitializeAsync(
            new ProverSetup(7, "g", "flaky", Hardware, Hardware, 1_000, 0, 2, false, true, 0, -1, OfflineRatePpm: 1_000_000, OfflineSlots: 1));
        var challenge = JobOffer.For(new Grains.Actors.ActiveSet.IssuedChallenge(5, 7, 0, 1_000_000, 11, [3]));

        var reports = await prover.DecideAsync(0, [Offer(1, 0, 5), challenge]);

        Assert.All(reports, r => Assert.Equal((JobOutcome.Declined, DeclineReason.Offline), (r.Outcome, r.Decline)));
        Assert.Equal(0, (await prover.GetRecordAsync()).JobsRun);
    }

    [Fact]
    public async Task AMarketHunterQueuesMarketWorkWhereOthersSitTheRaceOut()
    {
        var hunter = fixture.Client.GetGrain<IProverGrain>(RunKeys.Of(await RunAsync(), 8));
        await hunter.InitializeAsync(
            new ProverSetup(8, "g", "market-hunter", Hardware, Hardware, 1_000, 0, 1, false, true, 0, -1, QueuesMarketWork: true));
        var other = await ProverAsync(declineWhenBusy: false);
        JobOffer[] market = [Offer(9, 0, 100) with { Kind = JobKind.Market }, Offer(8, 10_000, 5) with { Kind = JobKind.Market }];

        var hunted = await hunter.MarketAsync(0, [.. market]);
        var raced = await other.MarketAsync(0, [.. market]);

        // countdown(100) runs 302 cycles = 302 ms; the hunter queues job 8 behind it, the other sits it out.
        Assert.Equal((JobOutcome.Halted, 302_000L + 17_000), (hunted[1].Outcome, hunted[1].FinishMicros));
        Assert.Equal(JobOutcome.Declined, raced[1].Outcome);
    }

    [Fact]
    public async Task AJobBookedLaterDoesNotMakeAnEarlierMarketArrivalLookBusy()
    {
        // Phase 4 books job 1 over [800 ms, 1102 ms) (302 cycles at 1,000/s). In phase 5 a market job
        // arriving at 300 ms that runs 32 ms fits before it; one arriving at 600 ms that runs 302 ms
        // would run into it and is sat out.
        var prover = await ProverAsync(declineWhenBusy: false);
        Assert.Equal(1_102_000, Assert.Single(await prover.DecideAsync(0, [Offer(1, 800_000, 100)])).FinishMicros);

        var market = await prover.MarketAsync(0, [Offer(2, 300_000, 10) with { Kind = JobKind.Market }, Offer(3, 600_000, 100) with { Kind = JobKind.Market }]);
        Assert.Equal((JobOutcome.Halted, 332_000L), (market[0].Outcome, market[0].FinishMicros));
        Assert.Equal((JobOutcome.Declined, DeclineReason.Capacity), (market[1].Outcome, market[1].Decline));
    }

    [Fact]
    public async Task ChallengeAnswersAreJudgedByTheValidatorsAgainstTheIssuedCycles()
    {
        var prover = await ProverAsync(declineWhenBusy: false, jobSlots: 2);
        var input = ChallengeProgram.InputFor(200, nonce: 12_345);
        var exact = ChallengeProgram.CyclesFor(input[0]);
        var issued = new Grains.Actors.ActiveSet.IssuedChallenge(5, 7, 0, 10_000_000, exact, [.. input]);

        // The same run answers both; the second challenge was issued as one cycle longer than the program
        // runs, so its (verifying) answer is not the expected one.
        var reports = await prover.DecideAsync(0, [JobOffer.For(issued), JobOffer.For(issued with { ChallengeId = 6, ExactCycles = exact + 1 })]);

        Assert.Equal((JobOutcome.Halted, exact), (reports[0].Outcome, reports[0].Cycles));
        Assert.Equal((true, true), (reports[0].Check!.ProofVerifies, reports[0].Check!.Correct));
        Assert.Equal((true, false), (reports[1].Check!.ProofVerifies, reports[1].Check!.Correct));
        Assert.True(reports[0].Check!.ProofBytes > 0);
    }

    // A challenge of 8 lanes of n = 10 (59 cycles each, 2 + 8 · 59 = 474 in all), after an input of 1,000
    // bytes (1 ms at 8 Mbps), needing 32 GB and no GPU; issued at 0 and due late enough for any answer.
    private static Grains.Actors.ActiveSet.IssuedChallenge EightLanes(long id = 5, long issuedMicros = 0)
    {
        var input = ChallengeProgram.InputFor(474, [.. Enumerable.Range(1, 8).Select(i => (ulong)(1_000 * i))]);
        return new Grains.Actors.ActiveSet.IssuedChallenge(id, 7, issuedMicros, 100_000_000, ChallengeProgram.CyclesFor(input[0], 8), [.. input], false, 8, 59, 1_000, 32, 0);
    }

    [Fact]
    public async Task AChallengesLanesRunInWavesOfTheCoresTheProverReallyHas()
    {
        // 3 real cores for 8 lanes: 3 waves, 2 + 3 · 59 = 179 cycles at 1,000 cycles/s, after 1 ms of input.
        var prover = await ProverAsync(declineWhenBusy: false, actual: Hardware with { CpuCores = 3 });
        var report = Assert.Single(await prover.DecideAsync(0, [JobOffer.For(EightLanes())]));

        Assert.Equal((JobOutcome.Halted, 474L, 1_000L + 179_000L), (report.Outcome, report.Cycles, report.FinishMicros));
        Assert.Equal((true, true), (report.Check!.ProofVerifies, report.Check!.Correct));
    }

    [Fact]
    public async Task AProverShortOfTheMemoryAChallengeNeedsCannotAnswerIt()
    {
        var prover = await ProverAsync(declineWhenBusy: false, actual: Hardware with { MemoryGb = 16 });
        var report = Assert.Single(await prover.DecideAsync(0, [JobOffer.For(EightLanes())]));

        Assert.Equal((JobOutcome.Declined, DeclineReason.Hardware), (report.Outcome, report.Decline));
        Assert.Null(report.Check);
    }

    [Fact]
    public async Task APreemptingChallengeRunsAtOnceAndTheJobItInterruptsFinishesLater()
    {
        // At 100 cycles/s countdown(100) holds the one job slot over [0, 3.02 s). The challenge of slot 1
        // (issued at 1 s, 1 ms of input + 59 + 2 cycles = 610 ms) runs at once: [1, 1.611) s, and the job
        // ends 611 ms later, at 3.631 s.
        var prover = await ProverAsync(declineWhenBusy: false, actual: Hardware with { CyclesPerSecond = 100 });
        Assert.Equal(3_020_000, Assert.Single(await prover.DecideAsync(0, [Offer(1, 0, 100)])).FinishMicros);

        var challenge = EightLanes(6, issuedMicros: 1_000_000) with { Lanes = 1, ExactCycles = 61, Input = [10, 77, 0], LaneCycles = 59 };
        var report = Assert.Single(await prover.DecideAsync(1, [JobOffer.For(challenge)]));
        Assert.Equal(1_611_000, report.FinishMicros);
        Assert.Equal([new DelayedJob(1, 3_631_000)], report.Delayed.ToArray());

        // Queued instead, it waits for the job: [3.02, 3.631) s, and delays nothing.
        var queued = await ProverAsync(declineWhenBusy: false, actual: Hardware with { CyclesPerSecond = 100 }, parameters: Parameters with { ChallengePriority = ChallengePriority.Queue });
        await queued.DecideAsync(0, [Offer(1, 0, 100)]);
        var waited = Assert.Single(await queued.DecideAsync(1, [JobOffer.For(challenge)]));
        Assert.Equal(3_631_000, waited.FinishMicros);
        Assert.Empty(waited.Delayed);
    }

    private static string Key(JobReport r) => $"{r.Kind} {r.JobId} {r.Rank} {r.Outcome} {r.FinishMicros} {r.Cycles}";
}
