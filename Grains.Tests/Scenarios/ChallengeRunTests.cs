// End to end on the test cluster: a join challenge catches a lie on each declared hardware field, and a
// challenge that meets a busy prover preempts its job (which then finishes later, with its workload's
// close) or, with challenge_priority: queue, waits behind it and is missed. Expected values by hand.
namespace ProverSim.Grains.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class ChallengeRunTests(ClusterFixture fixture) : IDisposable
{
    private readonly ScenarioFiles _files = new();

    // Declared by everyone: 8 cores of 1,000 cycles/s, 32 GB, 1 GPU, 100 Mbps. The join challenge: 8 lanes
    // of 124 cycles (pow_cycles 1,000), an input of 100 Mbps · 0.1 s / 8 = 1.25 MB; due after 0.1 s of
    // input + 126 ms of lanes + 20 ms of slack. Each liar's actual field makes it late or unable.
    private const string Lies = """
        name: lies
        seed: 5
        slots: 3
        drain_slots: 5
        protocol:
          join_challenges: 1
          pow_rate: 0
          pow_cycles: 1000
          pow_transfer: 0.1
          pow_slack: 0.02
          epoch_slots: 1
        groups:
          - { name: honest, count: 2, hardware: HW }
          - { name: faster-than-declared, count: 1, hardware: HW, actual: { speed: 5000, cpu_cores: 64, bandwidth_mbps: 1000, memory_gb: 64, gpus: 2 } }
          - { name: slow-lie, count: 1, hardware: HW, actual: { speed: 800 } }
          - { name: small-slow-lie, count: 1, hardware: HW, actual: { speed: 900 } }
          - { name: cores-lie, count: 1, hardware: HW, actual: { cpu_cores: 4 } }
          - { name: bandwidth-lie, count: 1, hardware: HW, actual: { bandwidth_mbps: 50 } }
          - { name: memory-lie, count: 1, hardware: HW, actual: { memory_gb: 16 } }
          - { name: gpu-lie, count: 1, hardware: HW, actual: { gpus: 0 } }
        demand:
          rate: 0
          programs:
            - { name: program, file: ../programs/countdown.bf, input: [10], paid_cycles: 100 }
        """;

    [Fact]
    public async Task AJoinChallengeCatchesALieOnEachDeclaredHardwareField()
    {
        var results = _files.Results("lies");
        await ScenarioHarness.RunAsync(fixture.Client, _files.Write("lies.yaml", Lies.Replace("HW", "{ cpu_cores: 8, memory_gb: 32, gpus: 1, bandwidth_mbps: 100, speed: 1000 }")), results);

        // Late by: slow-lie 126 · (1,000 / 800 − 1) = 31.5 ms > 20 ms; cores-lie a second wave of 124 ms;
        // bandwidth-lie 0.1 s · (100 / 50 − 1) = 0.1 s; memory and GPU liars cannot answer. small-slow-lie,
        // 126 · (1,000 / 900 − 1) = 14 ms late, is inside the slack: a lie not caught.
        var removed = ScenarioHarness.Rows(results, "provers.csv").ToDictionary(p => p["group"] + "/" + p["prover_id"], p => p["removed"]);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["honest/0"] = "false",
                ["honest/1"] = "false",
                ["faster-than-declared/2"] = "false",
                ["slow-lie/3"] = "true",
                ["small-slow-lie/4"] = "false",
                ["cores-lie/5"] = "true",
                ["bandwidth-lie/6"] = "true",
                ["memory-lie/7"] = "true",
                ["gpu-lie/8"] = "true",
            },
            removed);

        // Each answer's finish (challenges.csv), issued at 0: honest 100,000 + 126,000.
        var finishes = ScenarioHarness.Rows(results, "challenges.csv").ToDictionary(c => c["prover_id"], c => c["finish_us"]);
        Assert.Equal("226000", finishes["0"]);
        Assert.Equal($"{100_000 + 157_500}", finishes["3"]);
        Assert.Equal($"{100_000 + 140_000}", finishes["4"]);
        Assert.Equal($"{100_000 + 250_000}", finishes["5"]);
        Assert.Equal($"{200_000 + 126_000}", finishes["6"]);
        Assert.Equal(("", ""), (finishes["7"], finishes["8"]));
    }

    // One prover of 1 core at 100 cycles/s, one job slot, challenged in every slot (pow_rate 1): each
    // challenge is one lane of 59 cycles after 2 (pow_cycles 62 → n = 10), 610 ms. One workload arrives
    // at 1.5 s (a trace): countdown(100), 302 cycles, 3.02 s.
    private string BusyScenario(string name, string priority)
    {
        File.WriteAllText(Path.Combine(_files.Directory, "examples", "busy.csv"), "arrival_s,program\n1.5,program\n");
        return _files.Write(name, Busy.Replace("PRIORITY", priority));
    }

    private const string Busy = """
        name: busy
        seed: 9
        slots: 3
        drain_slots: 10
        protocol:
          join_challenges: 0
          pow_rate: 1
          pow_cycles: 62
          pow_transfer: 0
          pow_slack: 0.2
          challenge_priority: PRIORITY
          k: 1
          tiers: [1]
          epoch_slots: 1
          jitter: 0
        groups:
          - { name: solo, count: 1, hardware: { cpu_cores: 1, speed: 100 }, job_slots: 1 }
        demand:
          process: trace
          trace: busy.csv
          users: 1
          programs:
            - { name: program, file: ../programs/countdown.bf, input: [100], paid_cycles: 1000 }
        """;

    [Fact]
    public async Task APreemptingChallengeDelaysTheJobItInterruptsAndItsWorkloadsClose()
    {
        var results = _files.Results("preempt");
        await ScenarioHarness.RunAsync(fixture.Client, BusyScenario("preempt.yaml", "preempt"), results);

        // Slot 1's challenge holds [1.0, 1.61) s, so the job queues to [1.61, 4.63); slot 2's challenge at
        // 2.0 s interrupts it for 0.61 s: the job ends, and posts its proof, at 5.24 s — the close moves
        // from slot 4 to slot 5. Every challenge passes (slot 2's at 2.61 s, due at 2.81 s).
        var workload = Assert.Single(ScenarioHarness.Rows(results, "workloads.csv"));
        Assert.Equal(("1500000", "5240000", "0@5240000"), (workload["arrival_us"], workload["close_us"], workload["proofs"]));
        Assert.Equal("5", workload["settled_slot"]);
        Assert.Equal("false", Assert.Single(ScenarioHarness.Rows(results, "provers.csv"))["removed"]);
        var challenges = ScenarioHarness.Rows(results, "challenges.csv");
        Assert.Equal(["610000", "1610000", "2610000"], challenges.Select(c => c["finish_us"]));
        Assert.All(challenges, c => Assert.Equal("true", c["passed"]));
        Assert.Equal(["0", "0", "1", "0"], ScenarioHarness.Rows(results, "slots.csv").Take(4).Select(s => s["jobs_delayed"]));
    }

    [Fact]
    public async Task AQueuedChallengeWaitsBehindTheJobAndIsMissed()
    {
        var results = _files.Results("queue");
        await ScenarioHarness.RunAsync(fixture.Client, BusyScenario("queue.yaml", "queue"), results);

        // Slot 2's challenge waits for the job: [4.63, 5.24) s, past its 2.81 s deadline; the prover is
        // removed. The job was not disturbed: its proof is posted at 4.63 s.
        var workload = Assert.Single(ScenarioHarness.Rows(results, "workloads.csv"));
        Assert.Equal(("4630000", "0@4630000"), (workload["close_us"], workload["proofs"]));
        Assert.Equal("true", Assert.Single(ScenarioHarness.Rows(results, "provers.csv"))["removed"]);
        Assert.Equal(["610000", "1610000", "5240000"], ScenarioHarness.Rows(results, "challenges.csv").Select(c => c["finish_us"]));
        Assert.All(ScenarioHarness.Rows(results, "slots.csv"), s => Assert.Equal("0", s["jobs_delayed"]));
    }

    public void Dispose() => _files.Dispose();
}
