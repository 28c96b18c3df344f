// The Validator grain on the test cluster (DESIGN.md §1 "Copy protection"): a capsule in the mempool
// cannot be opened before its prover reveals the temporary key; after the reveal it verifies; a wrong
// revealed key, a verbatim copy and a copy re-bound to the copier are each rejected with their reason.
using System.Collections.Immutable;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Tests.Actors;

[Collection(ClusterCollection.Name)]
public sealed class ValidatorGrainTests(ClusterFixture fixture)
{
    private static readonly HardwareProfile Hardware = new(8, 32, 0, 8, 1_000);
    private static readonly byte[] UserPublic = Hpke.DeriveKeyPair("user"u8).Public;
    private const long Workload = 5;
    private const long Slot = 3;
    private static readonly Grains.Actors.Simulation.ProgramSpec Program = TestRuns.Countdown(20);

    private async Task<(string Run, IProverGrain Honest, IProverGrain Copier)> PostedAsync()
    {
        var run = await TestRuns.CreateAsync(fixture.Client, "validator-test", new ProtocolParameters { JitterPpm = 0 }, Program);
        var honest = fixture.Client.GetGrain<IProverGrain>(RunKeys.Of(run, 1));
        var copier = fixture.Client.GetGrain<IProverGrain>(RunKeys.Of(run, 2));
        await honest.InitializeAsync(new ProverSetup(1, "g", "honest", Hardware, Hardware, 1_000, 0, 1, false, true, 0, -1));
        await copier.InitializeAsync(new ProverSetup(2, "c", "copier", Hardware, Hardware, 1_000, 0, 1, false, true, 0, -1));
        var offer = new JobOffer(JobKind.Allocated, Workload, 0, 3_100_000, 0, 1_000, 0, UserPublic);
        Assert.Equal(JobOutcome.Halted, (await honest.DecideAsync(Slot, [offer])).Single().Outcome);
        Assert.Equal(JobOutcome.Copying, (await copier.DecideAsync(Slot, [offer with { Rank = 1 }])).Single().Outcome);
        return (run, honest, copier);
    }

    private Task<ImmutableArray<PostVerdict>> ValidateAsync(string run) =>
        fixture.Client.GetGrain<IValidatorGrain>(run).ValidateAsync(new ValidationRequest(Workload, Slot, 0));

    [Fact]
    public async Task NothingOpensBeforeTheRevealAndTheHonestProofVerifiesAfterIt()
    {
        var (run, honest, _) = await PostedAsync();

        var before = Assert.Single(await ValidateAsync(run));
        Assert.Equal(CapsuleVerdict.NotRevealed, before.Verdict);
        Assert.Empty(before.Output);

        await honest.RevealAsync(Slot + 1, [new RevealRequest(Workload, 4_000_000)]);
        var after = Assert.Single(await ValidateAsync(run));
        Assert.Equal((CapsuleVerdict.Valid, 62L), (after.Verdict, after.Cycles));
        Assert.Equal(Enumerable.Range(1, 20).Reverse().Select(i => (ulong)i), after.Output);
    }

    [Fact]
    public async Task AWrongRevealedKeyIsRejected()
    {
        var (run, _, _) = await PostedAsync();
        var mempool = fixture.Client.GetGrain<IMempoolGrain>(run);

        await mempool.RevealAsync([new KeyReveal(Workload, 1, 4_000_000, CapsuleKeys.Temporary(9, 0, 1, Workload + 1).Secret)]);

        Assert.Equal(CapsuleVerdict.WrongKey, Assert.Single(await ValidateAsync(run)).Verdict);
    }

    [Fact]
    public async Task CopiesAreRejectedAsTheyAreAndReboundWhileTheOriginalStaysValid()
    {
        var (run, honest, copier) = await PostedAsync();
        var copied = Assert.Single(await copier.CopyAsync(Slot, [new CopyTask(Workload, false, 1)]));
        Assert.Equal(62_000L + 3_100_000 + CopierStrategy.CopyDelayMicros, copied.PostedMicros);
        await honest.RevealAsync(Slot + 1, [new RevealRequest(Workload, 4_000_000)]);
        await copier.RevealAsync(Slot + 1, [new RevealRequest(Workload, 4_000_000)]);

        var verdicts = await ValidateAsync(run);

        Assert.Equal([1L, 2L], verdicts.Select(v => v.PosterId));
        Assert.Equal(CapsuleVerdict.Valid, verdicts[0].Verdict);
        var post = (await fixture.Client.GetGrain<IMempoolGrain>(run).ReadAsync([Workload]))[0].Capsules[1];
        var rebound = ProofCapsule.ReadHeader(post.Capsule)!.Binding.ProverId == 2;
        Assert.Equal(rebound ? CapsuleVerdict.Tampered : CapsuleVerdict.BindingMismatch, verdicts[1].Verdict);
    }

    [Fact]
    public void BothCopyModesFailWhateverTheCopierReveals()
    {
        var header = new CapsuleBinding(Workload, 1, Slot);
        var temp = CapsuleKeys.Temporary(9, 0, 1, Workload);
        var capsule = ProofCapsule.Seal(header, UserPublic, temp.Public, [1, 2, 3], CapsuleKeys.SealRandom(9, 0, 1, Workload));
        var request = new ValidationRequest(Workload, Slot, 0);
        var own = CapsuleKeys.Temporary(9, 0, 2, Workload);
        var asIs = new CapsulePost(Workload, 2, false, 1, 10, capsule);
        var rebound = asIs with { Capsule = ProofCapsule.Rebind(capsule, header with { ProverId = 2 }, own.Public) };
        var reboundKeepingKey = asIs with { Capsule = ProofCapsule.Rebind(capsule, header with { ProverId = 2 }) };

        // Even with the original prover's own secret in hand (after its reveal) the copy fails.
        foreach (var secret in new[] { own.Secret, temp.Secret })
        {
            var reveal = new KeyReveal(Workload, 2, 20, secret);
            Assert.Equal(CapsuleVerdict.BindingMismatch, CapsuleValidation.CheckOne(request, Program, asIs, reveal).Verdict);
            Assert.NotEqual(CapsuleVerdict.Valid, CapsuleValidation.CheckOne(request, Program, rebound, reveal).Verdict);
            Assert.NotEqual(CapsuleVerdict.Valid, CapsuleValidation.CheckOne(request, Program, reboundKeepingKey, reveal).Verdict);
        }

        Assert.Equal(CapsuleVerdict.Tampered, CapsuleValidation.CheckOne(request, Program, rebound, new KeyReveal(Workload, 2, 20, own.Secret)).Verdict);
        Assert.Equal(CapsuleVerdict.WrongKey, CapsuleValidation.CheckOne(request, Program, reboundKeepingKey, new KeyReveal(Workload, 2, 20, own.Secret)).Verdict);
    }
}
