// Idempotent slots (DESIGN.md §2 "Idempotent slots", §3.1 "Compute, then commit"): a grain call that
// fails once in the middle of a slot — before the grain ran, or after it ran and committed its part but
// before its caller heard back — fails the slot; the runner asks for the slot again, and the results
// are byte-identical to a run without the fault.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Silo;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class RetriedSlotTests : IDisposable
{
    private static readonly IReadOnlyList<string> DeterministicFiles = ProverSim.Scenarios.Results.ResultsWriter.Files;

    private readonly ScenarioFiles _files = new();

    [Theory]
    [InlineData("LifecycleAsync", 3, false)]
    [InlineData("ArriveAsync", 4, true)]
    [InlineData("DecideAsync", 60, true)]
    [InlineData("CompleteAsync", 5, true)]
    [InlineData("SettleAsync", 5, true)]
    [InlineData("JudgeAsync", 4, true)]
    [InlineData("CommitAsync", 6, false)]
    public async Task ASlotRetriedAfterAFaultGivesTheSameResults(string method, int failOnCall, bool afterTheGrainRan)
    {
        var scenario = _files.Example("baseline", ("slots", "15"));
        var clean = await RunAsync(scenario, "clean", fault: null);
        var fault = new FaultOnce(method, failOnCall, afterTheGrainRan);
        var faulted = await RunAsync(scenario, "faulted", fault);

        Assert.Equal(1, fault.Thrown);
        foreach (var file in DeterministicFiles)
        {
            var expected = File.ReadAllBytes(Path.Combine(clean, file));
            Assert.True(expected.Length > 100, $"{file} is nearly empty");
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(faulted, file)));
        }
    }

    // Slow one-slot provers whose jobs span slots, challenged often (preempting), with a copier: a slot
    // retried after a workload took its delays (or before it did) gives the same results.
    private const string Preempting = """
        name: preempting
        seed: 21
        slots: 8
        drain_slots: 40
        protocol:
          join_challenges: 0
          pow_rate: 0.5
          pow_cycles: 62
          pow_transfer: 0
          k: 2
          tiers: [0.7, 0.3]
          epoch_slots: 1
          jitter: 0.05
        groups:
          - { name: slow, count: 4, hardware: { cpu_cores: 1, speed: { uniform: [100, 200] } }, job_slots: 1 }
          - { name: copier, count: 1, hardware: { cpu_cores: 1, speed: 200 }, behaviour: copier }
        demand:
          rate: 1
          start_slot: 1
          programs:
            - { name: long, file: ../programs/countdown.bf, input: [100], paid_cycles: 1000 }
        """;

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task ASlotRetriedAroundAWorkloadsDelaysGivesTheSameResults(int failOnCall, bool afterTheGrainRan)
    {
        var scenario = _files.Write("preempting.yaml", Preempting);
        var clean = await RunAsync(scenario, "clean", fault: null);
        Assert.True(ScenarioHarness.Rows(clean, "slots.csv").Sum(s => int.Parse(s["jobs_delayed"])) > 2);
        Assert.Empty(ProverSim.Scenarios.Results.ResultsVerifier.Verify(clean).Problems);
        var fault = new FaultOnce("DelayAsync", failOnCall, afterTheGrainRan);
        var faulted = await RunAsync(scenario, "faulted", fault);

        Assert.Equal(1, fault.Thrown);
        ResultFolders.AssertSameBytes(clean, faulted);
    }

    // Under the alternative mechanisms: a slot retried around a fallback's draw, its offers or an ejection;
    // an auction (after some bids were answered) or a bid; a lock (after some bidders answered) or a racer's
    // answer; or the forfeits — the clock asks for ejections and forfeits only in a slot that has some —
    // gives the same results.
    [Theory]
    [InlineData("vrf-single-fallback", "FallbackAsync", 5, true)]
    [InlineData("vrf-single-fallback", "MarketAsync", 3, true)]
    [InlineData("vrf-single-fallback", "EjectAsync", 2, true)]
    [InlineData("vrf-single-fallback", "EjectAsync", 2, false)]
    [InlineData("reverse-auction", "AuctionAsync", 4, true)]
    [InlineData("reverse-auction", "BidAsync", 9, false)]
    [InlineData("reverse-auction", "BidAsync", 9, true)]
    [InlineData("reverse-auction", "ForfeitAsync", 2, true)]
    [InlineData("ramp-and-lock", "LockAsync", 20, true)]
    [InlineData("ramp-and-lock", "BidAsync", 40, false)]
    [InlineData("ramp-and-lock", "BidAsync", 40, true)]
    [InlineData("ramp-and-lock", "ForfeitAsync", 2, true)]
    public async Task ASlotRetriedAroundAnAlternativeMechanismsStepGivesTheSameResults(string mechanism, string method, int failOnCall, bool afterTheGrainRan)
    {
        var (yaml, membershipEvent) = mechanism switch
        {
            "vrf-single-fallback" => (FallbackRunTests.Scenario, "ejected"),
            "reverse-auction" => (AuctionRunTests.Scenario, "forfeit"),
            _ => (RampRunTests.Scenario, "forfeit"),
        };
        var scenario = _files.Write($"{mechanism}.yaml", yaml);
        var clean = await RunAsync(scenario, "clean", fault: null);
        Assert.True(ScenarioHarness.Rows(clean, "membership.csv").Where(e => e["event"] == membershipEvent).Select(e => e["slot"]).Distinct().Count() >= 2);
        var fault = new FaultOnce(method, failOnCall, afterTheGrainRan);
        var faulted = await RunAsync(scenario, "faulted", fault);

        Assert.Equal(1, fault.Thrown);
        ResultFolders.AssertSameBytes(clean, faulted);
    }

    // A grain that keeps part of a slot in memory loses its activation in the middle of a slot, as when
    // its silo stops gracefully and the grain starts again elsewhere: no call fails, yet what it held is
    // gone. It refuses to go on with the slot, the slot runs again, and the results are the same.
    [Theory]
    [InlineData(typeof(ILedgerGrain), "EscrowAsync", "escrow/", 2)]
    [InlineData(typeof(ILedgerGrain), "ApplyAsync", "settle/", 3)]
    [InlineData(typeof(ILedgerGrain), "ApplyAsync", "judge", 2)]
    [InlineData(typeof(IMempoolGrain), "RevealAsync", null, 2)]
    public async Task AGrainThatLosesItsActivationMidSlotMakesTheSlotRunAgain(Type grain, string method, string? operation, int afterCall)
    {
        var scenario = _files.Example("baseline", ("slots", "15"));
        var clean = await RunAsync(scenario, "clean", fault: null);
        var move = new DeactivateOnce(grain, method, operation, afterCall);
        var moved = await RunAsync(scenario, "moved", move);

        ResultFolders.AssertSameBytes(clean, moved);

        Assert.Equal(1, move.Deactivated);
        Assert.InRange(move.Refusals, 1, 10);
    }

    private async Task<string> RunAsync(string scenario, string name, IIncomingGrainCallFilter? fault)
    {
        using var host = await SiloSetup.StartEmbeddedAsync(silo =>
        {
            if (fault is not null)
            {
                silo.Services.AddSingleton(fault);
            }
        });
        await ScenarioHarness.RunAsync(host.Client(), scenario, _files.Results(name));
        await host.StopAsync();
        return _files.Results(name);
    }

    public void Dispose() => _files.Dispose();

    // Deactivates a grain after the given call of one of its methods (for an operation whose key starts
    // so) returned: what the activation held in memory is gone, the next call starts a new one from
    // storage. Counts the refusals that follow.
    private sealed class DeactivateOnce(Type grain, string method, string? operation, int afterCall) : IIncomingGrainCallFilter
    {
        private int _calls;
        private int _deactivated;
        private int _refusals;

        public int Deactivated => _deactivated;

        public int Refusals => _refusals;

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            try
            {
                await context.Invoke();
            }

            catch (SlotStateLostException) when (context.InterfaceMethod?.DeclaringType == grain)
            {
                Interlocked.Increment(ref _refusals);
                throw;
            }

            if (context.InterfaceMethod?.DeclaringType == grain && context.InterfaceMethod.Name == method
                && (operation is null || context.Request.GetArgument(1) is string key && key.StartsWith(operation, StringComparison.Ordinal))
                && Interlocked.Increment(ref _calls) == afterCall)
            {
                Interlocked.Increment(ref _deactivated);
                context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "a silo stopping in the middle of a slot"));
            }
        }
    }

    // Throws on the given call of one grain method: before the grain runs it, or after it ran (its state
    // committed), in place of the reply.
    private sealed class FaultOnce(string method, int failOnCall, bool afterTheGrainRan) : IIncomingGrainCallFilter
    {
        private int _calls;
        private int _thrown;

        public int Thrown => _thrown;

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            var fails = context.InterfaceMethod?.Name == method && Interlocked.Increment(ref _calls) == failOnCall;
            if (fails && !afterTheGrainRan)
            {
                Interlocked.Increment(ref _thrown);
                throw new InvalidOperationException($"injected fault before {method}");
            }

            await context.Invoke();
            if (fails)
            {
                Interlocked.Increment(ref _thrown);
                throw new InvalidOperationException($"injected fault after {method}");
            }
        }
    }
}
