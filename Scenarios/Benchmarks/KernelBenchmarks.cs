// The proving kernel's speed on this machine, for `provsim bench kernel` (BENCHMARKS.md): a forward NTT
// on one thread, Merkle hashing on all cores, cycles proven per second, the fixed cost of a small proof,
// verification time, proof size, security and peak memory. Inputs come from fixed seeds; every time is
// the median of its repetitions after one warm-up run. Beside them: verifying the small proof, one job's
// whole cost on one thread (run, prove, seal, open, verify), and one ECVRF proof of the beacon.
using System.Diagnostics;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Merkle;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;
using NttKernel = ProverSim.Grains.Proving.Ntt.Ntt;

namespace ProverSim.Scenarios.Benchmarks;

/// <summary>
/// The sizes measured. The proofs run countdown(n) = `,[.-]` on input n, which takes exactly 3n + 2
/// cycles: n = 21,844 gives 65,534 cycles (height 2^16), n = 340 gives 1,022 (height 2^10).
/// </summary>
public sealed record KernelBenchmarkSizes(int NttLog2, int MerkleLeaves, int MerkleLeafBytes, ulong ProveLoops, ulong SmallProofLoops)
{
    /// <summary>The sizes BENCHMARKS.md reports: NTT of 2^20, 2^20 leaves of 128 B, proofs of heights 2^16 and 2^10.</summary>
    public static readonly KernelBenchmarkSizes Standard = new(20, 1 << 20, 128, 21_844, 340);

    /// <summary>Hashes in a Merkle tree of these leaves: one per leaf and one per inner node.</summary>
    public long MerkleHashes => 2L * MerkleLeaves - 1;
}

/// <summary>What one benchmark run measured: times in milliseconds, with the counts they were taken over.</summary>
public sealed record KernelFigures(
    double NttMs,
    double MerkleMs,
    long MerkleHashes,
    double ProveMs,
    long TraceCycles,
    double VerifyMs,
    int ProofBytes,
    int SecurityBits,
    double SmallProofMs,
    double PeakMemoryMb,
    double SmallVerifyMs = 0,
    double JobMs = 0,
    double EcvrfProveUs = 0)
{
    public double MerkleHashesPerSecond => MerkleHashes / (MerkleMs / 1000);

    public double ProveCyclesPerSecond => TraceCycles / (ProveMs / 1000);

    /// <summary>The figures under the keys BENCHMARKS.md reports (`--json`).</summary>
    public Dictionary<string, object> ToJson() => new()
    {
        ["ntt_2p20_ms"] = Math.Round(NttMs, 2),
        ["merkle_hashes_per_s"] = Math.Round(MerkleHashesPerSecond),
        ["prove_cycles_per_s"] = Math.Round(ProveCyclesPerSecond),
        ["verify_ms"] = Math.Round(VerifyMs, 3),
        ["proof_bytes"] = ProofBytes,
        ["security_bits"] = SecurityBits,
        ["trace_cycles"] = TraceCycles,
        ["small_proof_ms"] = Math.Round(SmallProofMs, 2),
        ["small_verify_ms"] = Math.Round(SmallVerifyMs, 3),
        ["job_ms"] = Math.Round(JobMs, 2),
        ["ecvrf_prove_us"] = Math.Round(EcvrfProveUs, 1),
        ["peak_memory_mb"] = Math.Round(PeakMemoryMb),
    };
}

public static class KernelBenchmarks
{
    private static readonly VmProgram Countdown = Assembler.Assemble(",[.-]");

    /// <summary>Measures every figure at <paramref name="sizes"/>, printing each as it comes when <paramref name="log"/> is given.</summary>
    public static KernelFigures Run(KernelBenchmarkSizes sizes, TextWriter? log)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizes.NttLog2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sizes.NttLog2, NttKernel.MaxLog2Size);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizes.MerkleLeaves, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizes.MerkleLeafBytes, 1);
        var random = new Random(1);
        ulong[] Vector(int n) => [.. Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64() % Goldilocks.P)];

        var ntt = Median(5, () => Vector(1 << sizes.NttLog2), v => NttKernel.Forward(v));
        log?.WriteLine($"NTT 2^{sizes.NttLog2}, one thread: {ntt:0.0} ms");

        var leaves = new byte[(long)sizes.MerkleLeaves * sizes.MerkleLeafBytes];
        random.NextBytes(leaves);
        // Each tree is disposed, as the prover does, so the next one reuses its pooled levels.
        var merkle = Median(3, () => leaves, l => MerkleTree.Build(l, sizes.MerkleLeafBytes).Dispose());
        log?.WriteLine($"Merkle tree of {sizes.MerkleLeaves} leaves of {sizes.MerkleLeafBytes} B: {merkle:0.0} ms, "
            + $"{sizes.MerkleHashes / (merkle / 1000) / 1e6:0.00} M hashes/s");

        var (run, statement, proof) = Prove(sizes.ProveLoops);
        var prove = Median(3, () => 0, _ => Prove(sizes.ProveLoops));
        log?.WriteLine($"prove {run.Cycles} cycles (height {Height(statement)}): {prove:0} ms = {run.Cycles / (prove / 1000):0} cycles/s "
            + $"on {Environment.ProcessorCount} cores");

        var verify = Median(5, () => 0, _ => StarkVerifier.Verify(statement, proof));
        log?.WriteLine($"verify: {verify:0.00} ms; proof {proof.Length} bytes at {StarkOptions.Default.SecurityBits} bits");

        // A small proof on one thread, as a prover grain makes it in a run (its parallelism comes from the grains).
        var (small, smallStatement, smallBytes) = Prove(sizes.SmallProofLoops, parallelism: 1);
        var smallProof = Median(31, () => 0, _ => Prove(sizes.SmallProofLoops, parallelism: 1));
        log?.WriteLine($"prove {small.Cycles} cycles (height {Height(smallStatement)}), one thread: {smallProof:0.0} ms");
        var smallVerify = Median(10, () => 0, _ => StarkVerifier.Verify(smallStatement, smallBytes));
        log?.WriteLine($"verify the {small.Cycles}-cycle proof, one thread: {smallVerify:0.00} ms");

        var job = Median(31, () => 0, _ => Job(sizes.SmallProofLoops));
        log?.WriteLine($"one job of {small.Cycles} cycles, one thread (run, prove, seal, open with the revealed key, verify): {job:0.0} ms");

        // The beacon's VRF: proofs of distinct inputs under one key pair, in batches so each time is long enough to read.
        var key = EcvrfKeyPair.Derive("provsim bench ecvrf"u8);
        var alpha = 0;
        var ecvrf = Median(15, () => 0, _ =>
        {
            for (var i = 0; i < EcvrfBatch; i++)
            {
                Ecvrf.Prove(key, BitConverter.GetBytes(alpha++));
            }
        }) * 1000 / EcvrfBatch;
        log?.WriteLine($"ECVRF prove (P-256, RFC 9381, {Ecvrf.Arithmetic} arithmetic): {ecvrf:0} µs");

        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        log?.WriteLine($"peak memory: {peak:0} MB");

        return new KernelFigures(
            ntt, merkle, sizes.MerkleHashes, prove, run.Cycles, verify, proof.Length, StarkOptions.Default.SecurityBits, smallProof, peak, smallVerify, job, ecvrf);
    }

    private const int EcvrfBatch = 100;

    // The whole cost of one workload's job in a run, on one thread, through the run's own code: the prover
    // runs and proves it and seals the claim (CapsuleKeys.Seal); a validator opens the capsule with the
    // revealed temporary key and verifies the proof against the statement it rebuilds (CapsuleValidation).
    // The user's key is derived once per run (RunContext keeps it), not once per job.
    private static readonly byte[] JobUserKey = CapsuleKeys.User(1, 0, 0).Public;

    private static void Job(ulong loops)
    {
        const long workload = 7, prover = 3, slot = 1, seed = 1;
        var (run, statement, proof) = StarkProver.Prove(Countdown, [loops], 1L << 20, workload, prover, parallelism: 1);
        if (statement is null || proof is null)
        {
            throw new InvalidOperationException($"countdown({loops}) did not halt: {run.Status}");
        }

        var capsule = CapsuleKeys.Seal(seed, 0, new CapsuleBinding(workload, prover, slot), JobUserKey, new ProofPayload(run.Cycles, run.InputsRead, run.Output, proof));
        var program = new ProgramSpec("countdown", Countdown.Words, [loops], 1L << 20, 0, HardwareRequirement.None, 1);
        var reveal = new KeyReveal(workload, prover, 0, CapsuleKeys.Temporary(seed, 0, prover, workload).Secret);
        var verdict = CapsuleValidation.CheckOne(new ValidationRequest(workload, slot, 0), program, new CapsulePost(workload, prover, false, 0, 0, capsule), reveal);
        if (verdict.Verdict != CapsuleVerdict.Valid)
        {
            throw new InvalidOperationException($"the job's capsule did not validate: {verdict.Verdict}");
        }
    }

    private static (RunResult Run, Statement Statement, byte[] Proof) Prove(ulong loops, int parallelism = -1)
    {
        var (run, statement, proof) = StarkProver.Prove(Countdown, [loops], 1L << 20, 1, 1, parallelism: parallelism);
        if (statement is null || proof is null)
        {
            throw new InvalidOperationException($"countdown({loops}) did not halt: {run.Status}");
        }

        return (run, statement, proof);
    }

    private static string Height(Statement statement) => $"2^{System.Numerics.BitOperations.Log2((uint)statement.Height)}";

    // Median wall time in ms of `repetitions` runs after one warm-up; each run gets fresh input.
    private static double Median<T>(int repetitions, Func<T> input, Action<T> work)
    {
        work(input());
        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var value = input();
            var start = Stopwatch.GetTimestamp();
            work(value);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[repetitions / 2];
    }
}
