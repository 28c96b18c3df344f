// The kernel benchmark at small sizes: its JSON holds exactly the keys BENCHMARKS.md reports, each a
// positive finite number, and its counts, and the rates derived from them, are the hand-computed ones.
// The timings themselves are measured in Release (BENCHMARKS.md).
using System.Text.Json;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;
using ProverSim.Scenarios.Benchmarks;
using Xunit;

namespace ProverSim.Grains.Tests.Benchmarks;

public sealed class KernelBenchmarksTests
{
    // 256 leaves: 256 + 255 = 511 hashes; countdown(10) runs 3·10 + 2 = 32 cycles.
    private static readonly KernelBenchmarkSizes Small = new(NttLog2: 14, MerkleLeaves: 256, MerkleLeafBytes: 64, ProveLoops: 10, SmallProofLoops: 3);
    private const long MerkleHashes = 511;
    private const long TraceCycles = 32;

    private static readonly Lazy<KernelFigures> Figures = new(() => KernelBenchmarks.Run(Small, log: null));

    [Fact]
    public void JsonHasEveryReportedKeyWithAPositiveFiniteNumber()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Figures.Value.ToJson()));
        string[] reported =
        [
            "ntt_2p20_ms", "merkle_hashes_per_s", "prove_cycles_per_s", "verify_ms", "proof_bytes",
            "security_bits", "trace_cycles", "small_proof_ms", "small_verify_ms", "job_ms", "ecvrf_prove_us", "peak_memory_mb",
        ];
        Assert.Equal(reported, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.All(json.RootElement.EnumerateObject(), p =>
        {
            Assert.Equal(JsonValueKind.Number, p.Value.ValueKind);
            var value = p.Value.GetDouble();
            Assert.True(double.IsFinite(value) && value > 0, $"{p.Name} = {value}");
        });
    }

    [Fact]
    public void CountsAreTheHandComputedOnes()
    {
        var figures = Figures.Value;
        Assert.Equal(MerkleHashes, figures.MerkleHashes);
        Assert.Equal(TraceCycles, figures.TraceCycles);
        // 30 queries · log2(blowup 8) = 90 bits ≥ 80, so the 8 grinding bits count: min(128, 98) − 1.
        Assert.Equal(97, figures.SecurityBits);
        var (_, _, proof) = StarkProver.Prove(Assembler.Assemble(",[.-]"), [10], 1_000, 1, 1);
        Assert.Equal(proof!.Length, figures.ProofBytes);

        var json = figures.ToJson();
        Assert.Equal(TraceCycles, json["trace_cycles"]);
        Assert.Equal(97, json["security_bits"]);
        Assert.Equal(proof.Length, json["proof_bytes"]);
    }

    [Fact]
    public void RatesAreTheHandComputedCountsOverTheMedianTimes()
    {
        var figures = Figures.Value;
        var json = figures.ToJson();
        Assert.Equal(Math.Round(MerkleHashes / (figures.MerkleMs / 1000)), json["merkle_hashes_per_s"]);
        Assert.Equal(Math.Round(TraceCycles / (figures.ProveMs / 1000)), json["prove_cycles_per_s"]);
    }
}
