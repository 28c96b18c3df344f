// The kernel's vector paths (AVX-512 constraint evaluation and DEEP sums, AVX2 DEEP sums) compute the
// same field values as the scalar code (polynomial evaluation from powers included), so a proof is byte-identical whichever path a machine takes.
// One collection with no parallel neighbours: the switch is process-wide.
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Tests.Proving;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VectorPathCollection
{
    public const string Name = "vector paths";
}

[Collection(VectorPathCollection.Name)]
public sealed class VectorPathTests
{
    [Fact]
    public void ScalarAvx2AndAvx512PathsGiveTheSameProof()
    {
        var program = ChallengeProgram.Program;
        ulong[] input = [150, 77, 0];
        byte[] Proof() => StarkProver.Prove(program, input, 1_000_000, workloadId: 3, proverId: 4).Proof!;
        var (avx512, avx2) = (VectorPaths.Avx512, VectorPaths.Avx2);
        try
        {
            var native = Proof();
            VectorPaths.Avx512 = false;
            var withAvx2 = Proof();
            VectorPaths.Avx2 = false;
            var scalar = Proof();

            Assert.Equal(scalar, native);
            Assert.Equal(scalar, withAvx2);
        }
        finally
        {
            (VectorPaths.Avx512, VectorPaths.Avx2) = (avx512, avx2);
        }
    }

    // Evaluating from the point's powers (two dot products, on every path) gives Horner's value, for
    // lengths that fill the lanes and lengths that leave a tail.
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1027)]
    public void EvaluationFromPowersIsHornersOnEveryPath(int length)
    {
        var random = new Random(length);
        ulong Element() => (ulong)random.NextInt64() % Goldilocks.P;
        var coefficients = Enumerable.Range(0, length).Select(_ => Element()).ToArray();
        var high = Enumerable.Range(0, length).Select(_ => Element()).ToArray();
        var x = new Fp2(Element(), Element());
        var powers = new ProverSim.Grains.Proving.Core.Polynomial.Powers(x, length);
        var (avx512, avx2) = (VectorPaths.Avx512, VectorPaths.Avx2);
        try
        {
            foreach (var (wide, narrow) in new[] { (avx512, avx2), (false, avx2), (false, false) })
            {
                (VectorPaths.Avx512, VectorPaths.Avx2) = (wide, narrow);
                Assert.Equal(ProverSim.Grains.Proving.Core.Polynomial.Evaluate(coefficients, x), ProverSim.Grains.Proving.Core.Polynomial.Evaluate(coefficients, powers));
                Assert.Equal(ProverSim.Grains.Proving.Core.Polynomial.Evaluate(coefficients, high, x), ProverSim.Grains.Proving.Core.Polynomial.Evaluate(coefficients, high, powers));
            }
        }
        finally
        {
            (VectorPaths.Avx512, VectorPaths.Avx2) = (avx512, avx2);
        }
    }
}
