// Known answers for Goldilocks arithmetic at the wraparound points and the roots of unity (KERNEL.md
// §2, §8), then 10^6 random operations against UInt128 arithmetic mod p, and the SIMD lanes against
// the scalar operations.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ProverSim.Grains.Proving.Field;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class GoldilocksTests
{
    private const ulong P = Goldilocks.P;

    [Fact]
    public void ModulusIsTwoToTheSixtyFourMinusTwoToTheThirtyTwoPlusOne() =>
        Assert.Equal((UInt128.One << 64) - (UInt128.One << 32) + 1, (UInt128)P);

    [Theory]
    [InlineData(0UL, 0UL, 0UL)]
    [InlineData(P - 1, 1UL, 0UL)]
    [InlineData(P - 1, 2UL, 1UL)]
    [InlineData(P - 1, P - 1, P - 2)]
    [InlineData(1UL << 63, 1UL << 63, 0xFFFF_FFFFUL)] // 2^64 = 2^32 - 1 (mod p)
    [InlineData(0xFFFF_FFFFUL, P - 0xFFFF_FFFFUL, 0UL)]
    [InlineData(P - 5, 3UL, P - 2)]
    public void AddKnownAnswers(ulong a, ulong b, ulong sum)
    {
        Assert.Equal(sum, Goldilocks.Add(a, b));
        Assert.Equal(sum, Goldilocks.Add(b, a));
    }

    [Theory]
    [InlineData(0UL, 0UL, 0UL)]
    [InlineData(0UL, 1UL, P - 1)]
    [InlineData(0UL, P - 1, 1UL)]
    [InlineData(5UL, 7UL, P - 2)]
    [InlineData(P - 1, P - 1, 0UL)]
    [InlineData(P - 1, 0UL, P - 1)]
    [InlineData(0xFFFF_FFFFUL, 1UL << 32, P - 1)]
    public void SubKnownAnswers(ulong a, ulong b, ulong difference) =>
        Assert.Equal(difference, Goldilocks.Sub(a, b));

    [Fact]
    public void RandomOperationsMatchWideArithmetic()
    {
        var random = new Random(20240601);
        ulong[] edges = [0, 1, 2, 0xFFFF_FFFF, 1UL << 32, (1UL << 32) + 1, 1UL << 63, P - 2, P - 1];
        for (var i = 0; i < 200_000; i++)
        {
            var a = Sample(random, edges);
            var b = Sample(random, edges);
            Assert.Equal((ulong)(((UInt128)a + b) % P), Goldilocks.Add(a, b));
            Assert.Equal((ulong)(((UInt128)a + P - b) % P), Goldilocks.Sub(a, b));
        }
    }

    [Fact]
    public void IsCanonicalRejectsPAndAbove()
    {
        Assert.True(Goldilocks.IsCanonical(P - 1));
        Assert.False(Goldilocks.IsCanonical(P));
        Assert.False(Goldilocks.IsCanonical(ulong.MaxValue));
    }

    [Fact]
    public void RootOfUnityMatchesTheKernelConstants()
    {
        const ulong omega = 1753635133440165772;
        Assert.Equal(omega, Goldilocks.RootOfUnity(32));
        Assert.Equal(0x185629dcda58878cUL, omega);
        Assert.Equal(omega, Goldilocks.Pow(Goldilocks.Generator, (P - 1) >> 32));
        Assert.Equal(P - 1, Goldilocks.Pow(omega, 1UL << 31));
        Assert.Equal(1UL, Goldilocks.Pow(omega, 1UL << 32));
        Assert.Equal(1UL, Goldilocks.RootOfUnity(0));
        Assert.Equal(P - 1, Goldilocks.RootOfUnity(1));
        Assert.Equal(1UL << 48, Goldilocks.RootOfUnity(2));
        Assert.Equal(P - (1UL << 24), Goldilocks.RootOfUnity(3));
        Assert.Equal(17293822564807737345UL, Goldilocks.RootOfUnity(4));
        Assert.Equal(6115771955107415310UL, Goldilocks.RootOfUnity(16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Goldilocks.RootOfUnity(33));
        Assert.Throws<ArgumentOutOfRangeException>(() => Goldilocks.RootOfUnity(-1));
    }

    [Fact]
    public void EachRootHasExactlyItsOrder()
    {
        for (var k = 1; k <= 32; k++)
        {
            var root = Goldilocks.RootOfUnity(k);
            Assert.Equal(1UL, Goldilocks.Pow(root, 1UL << k));
            Assert.Equal(P - 1, Goldilocks.Pow(root, 1UL << (k - 1)));
            Assert.Equal(Goldilocks.Pow(1753635133440165772, 1UL << (32 - k)), root);
        }
    }

    [Fact]
    public void SevenIsANonResidue() => Assert.Equal(P - 1, Goldilocks.Pow(7, (P - 1) / 2));

    [Fact]
    public void InverseKnownAnswers()
    {
        Assert.Equal(9223372034707292161UL, Goldilocks.Inverse(2));
        Assert.Equal((P + 1) / 2, Goldilocks.Inverse(2));
        Assert.Equal(2635249152773512046UL, Goldilocks.Inverse(7));
        Assert.Equal(1UL, Goldilocks.Inverse(1));
        Assert.Equal(P - 1, Goldilocks.Inverse(P - 1));
        Assert.Throws<DivideByZeroException>(() => Goldilocks.Inverse(0));
    }

    [Fact]
    public void InverseOfPowerOfTwo()
    {
        for (var k = 0; k <= 70; k++)
        {
            Assert.Equal(1UL, Goldilocks.Mul(Goldilocks.InverseOfPowerOfTwo(k), Goldilocks.Pow(2, (ulong)k)));
        }

        Assert.Equal(9223372034707292161UL, Goldilocks.InverseOfPowerOfTwo(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Goldilocks.InverseOfPowerOfTwo(-1));
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(P - 1, P - 1)]
    [InlineData(P, 0UL)]
    [InlineData(P + 1, 1UL)]
    [InlineData(ulong.MaxValue, 0xFFFF_FFFEUL)]
    [InlineData(0xFFFF_FFFFUL, 0xFFFF_FFFFUL)]
    public void ReduceGivesTheCanonicalRepresentative(ulong value, ulong reduced) => Assert.Equal(reduced, Goldilocks.Reduce(value));

    [Theory]
    [InlineData(P - 1, P - 1, 1UL)]
    [InlineData(1UL << 32, 1UL << 32, 0xFFFF_FFFFUL)] // 2^64 ≡ 2^32 − 1
    [InlineData(1UL << 48, 1UL << 48, P - 1)] // 2^96 ≡ −1
    [InlineData(0xFFFF_FFFFUL, 0xFFFF_FFFFUL, 0xFFFF_FFFE_0000_0001UL)]
    [InlineData(P - 1, 0UL, 0UL)]
    [InlineData(P - 1, 2UL, P - 2)]
    public void MulKnownAnswers(ulong a, ulong b, ulong product)
    {
        Assert.Equal(product, Goldilocks.Mul(a, b));
        Assert.Equal(product, Goldilocks.Mul(b, a));
    }

    [Fact]
    public void AMillionRandomOperationsMatchWideArithmetic()
    {
        var random = new Random(20240602);
        ulong[] edges = [0, 1, 2, 0xFFFF_FFFF, 1UL << 32, (1UL << 32) + 1, 1UL << 63, P - 2, P - 1, 1UL << 48, 0xFFFF_FFFE_FFFF_FFFF];
        for (var i = 0; i < 200_000; i++)
        {
            var a = Sample(random, edges);
            var b = Sample(random, edges);
            Assert.Equal((ulong)((UInt128)a * b % P), Goldilocks.Mul(a, b));
            Assert.Equal((ulong)((UInt128)a * a % P), Goldilocks.Square(a));
            Assert.Equal((ulong)(((UInt128)P - a) % P), Goldilocks.Neg(a));
            Assert.Equal((ulong)(((UInt128)a + b) % P), Goldilocks.Add(a, b));
            Assert.Equal((ulong)(((UInt128)a + P - b) % P), Goldilocks.Sub(a, b));
            var high = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            var low = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            Assert.Equal((ulong)((((UInt128)high << 64) | low) % P), Goldilocks.Reduce128(high, low));
        }
    }

    [Fact]
    public void PowAndInverseMatchWideArithmetic()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var a = (ulong)random.NextInt64(1, long.MaxValue) % P;
            if (a == 0)
            {
                continue;
            }

            var e = (ulong)random.Next(0, 1000);
            UInt128 expected = 1;
            for (var k = 0UL; k < e; k++)
            {
                expected = expected * a % P;
            }

            Assert.Equal((ulong)expected, Goldilocks.Pow(a, e));
            Assert.Equal(1UL, Goldilocks.Mul(a, Goldilocks.Inverse(a)));
        }
    }

    [Fact]
    public void BatchInverseMatchesSingleInverses()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 1000).Select(_ => 1 + ((ulong)random.NextInt64() % (P - 1))).ToArray();
        values[3] = P - 1;
        values[4] = 1;
        var inverses = new ulong[values.Length];
        Goldilocks.BatchInverse(values, inverses);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(Goldilocks.Inverse(values[i]), inverses[i]);
        }

        // In place.
        var copy = (ulong[])values.Clone();
        Goldilocks.BatchInverse(copy, copy);
        Assert.Equal(inverses, copy);

        // Below, at and past the eight-lane pass's threshold, with and without a scalar tail.
        foreach (var length in new[] { 5, 63, 64, 71, 1003 })
        {
            var some = Enumerable.Range(0, length).Select(_ => 1 + ((ulong)random.NextInt64() % (P - 1))).ToArray();
            var theirs = new ulong[length];
            Goldilocks.BatchInverse(some, theirs);
            Assert.Equal(some.Select(Goldilocks.Inverse), theirs);
            some[length - 1] = 0;
            Assert.Throws<DivideByZeroException>(() => Goldilocks.BatchInverse(some, theirs));
        }

        Goldilocks.BatchInverse([], []);
        values[500] = 0;
        Assert.Throws<DivideByZeroException>(() => Goldilocks.BatchInverse(values, inverses));
        Assert.Throws<ArgumentException>(() => Goldilocks.BatchInverse(values, new ulong[3]));
    }

    [Fact]
    public void EightLaneOperationsMatchScalar()
    {
        if (!Avx512F.IsSupported)
        {
            return;
        }

        var random = new Random(12);
        ulong[] edges = [0, 1, 0xFFFF_FFFF, 1UL << 32, 1UL << 63, P - 2, P - 1, 1UL << 48];
        Span<ulong> a = stackalloc ulong[8];
        Span<ulong> b = stackalloc ulong[8];
        for (var i = 0; i < 100_000; i++)
        {
            for (var lane = 0; lane < 8; lane++)
            {
                a[lane] = Sample(random, edges);
                b[lane] = Sample(random, edges);
            }

            var va = Vector512.Create<ulong>(a);
            var vb = Vector512.Create<ulong>(b);
            var sum = Goldilocks.Lanes8.Add(va, vb);
            var difference = Goldilocks.Lanes8.Sub(va, vb);
            var product = Goldilocks.Lanes8.Mul(va, vb);
            for (var lane = 0; lane < 8; lane++)
            {
                Assert.Equal(Goldilocks.Add(a[lane], b[lane]), sum[lane]);
                Assert.Equal(Goldilocks.Sub(a[lane], b[lane]), difference[lane]);
                Assert.Equal(Goldilocks.Mul(a[lane], b[lane]), product[lane]);
            }
        }
    }

    [Fact]
    public void FourLaneOperationsMatchScalar()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }

        var random = new Random(13);
        ulong[] edges = [0, 1, 0xFFFF_FFFF, 1UL << 32, 1UL << 63, P - 2, P - 1, 1UL << 48];
        Span<ulong> a = stackalloc ulong[4];
        Span<ulong> b = stackalloc ulong[4];
        for (var i = 0; i < 100_000; i++)
        {
            for (var lane = 0; lane < 4; lane++)
            {
                a[lane] = Sample(random, edges);
                b[lane] = Sample(random, edges);
            }

            var va = Vector256.Create<ulong>(a);
            var vb = Vector256.Create<ulong>(b);
            var sum = Goldilocks.Lanes4.Add(va, vb);
            var difference = Goldilocks.Lanes4.Sub(va, vb);
            var product = Goldilocks.Lanes4.Mul(va, vb);
            for (var lane = 0; lane < 4; lane++)
            {
                Assert.Equal(Goldilocks.Add(a[lane], b[lane]), sum[lane]);
                Assert.Equal(Goldilocks.Sub(a[lane], b[lane]), difference[lane]);
                Assert.Equal(Goldilocks.Mul(a[lane], b[lane]), product[lane]);
            }
        }
    }

    private static ulong Sample(Random random, ulong[] edges) =>
        random.Next(4) == 0 ? edges[random.Next(edges.Length)] : (ulong)random.NextInt64(long.MinValue, long.MaxValue) % P;
}
