// F_p2 = F_p[X]/(X² − 7) (KERNEL.md §2): the §8 known answers, then ring and inverse identities on
// random elements against a schoolbook product computed with UInt128.
using ProverSim.Grains.Proving.Field;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class Fp2Tests
{
    private const ulong P = Goldilocks.P;

    [Fact]
    public void ProductKnownAnswer() => Assert.Equal(new Fp2(59, 10), new Fp2(1, 2) * new Fp2(3, 4));

    [Fact]
    public void InverseKnownAnswer()
    {
        var inverse = new Fp2(1, 1).Inverse();
        Assert.Equal(new Fp2(3074457344902430720, 15372286724512153601), inverse);
        Assert.Equal(Fp2.One, inverse * new Fp2(1, 1));
    }

    [Fact]
    public void XSquaredIsSeven() => Assert.Equal(Fp2.FromBase(7), new Fp2(0, 1).Square());

    [Fact]
    public void ConstantsAndFormatting()
    {
        Assert.True(Fp2.Zero.IsZero);
        Assert.False(Fp2.One.IsZero);
        Assert.Equal(new Fp2(1, 0), Fp2.One);
        Assert.Equal("59 + 10·X", new Fp2(59, 10).ToString());
        Assert.Equal("5", Fp2.FromBase(5).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fp2(P, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fp2(0, P));
        Assert.Throws<DivideByZeroException>(() => Fp2.Zero.Inverse());
        Assert.True(new Fp2(1, 2) == new Fp2(1, 2));
        Assert.True(new Fp2(1, 2) != new Fp2(2, 1));
    }

    [Fact]
    public void RandomIdentities()
    {
        var random = new Random(99);
        for (var i = 0; i < 20_000; i++)
        {
            var a = Sample(random);
            var b = Sample(random);
            var c = Sample(random);
            var s = Goldilocks.Reduce((ulong)random.NextInt64());

            Assert.Equal(Schoolbook(a, b), a * b);
            Assert.Equal(b * a, a * b);
            Assert.Equal(a * (b + c), (a * b) + (a * c));
            Assert.Equal(a * b * c, a * (b * c));
            Assert.Equal(a * a, a.Square());
            Assert.Equal(Fp2.Zero, a + (-a));
            Assert.Equal(a, a + b - b);
            Assert.Equal(a * Fp2.FromBase(s), a * s);
            Assert.Equal(a * s, s * a);
            if (!a.IsZero)
            {
                Assert.Equal(Fp2.One, a * a.Inverse());
            }
        }
    }

    [Fact]
    public void PowMatchesRepeatedMultiplication()
    {
        var a = new Fp2(123456789, 987654321);
        var power = Fp2.One;
        for (var e = 0UL; e < 100; e++)
        {
            Assert.Equal(power, a.Pow(e));
            power *= a;
        }

        // The multiplicative group has order p² − 1 = (p − 1)(p + 1).
        Assert.Equal(Fp2.One, a.Pow(P - 1).Pow(P + 1));
    }

    [Fact]
    public void BatchInverseMatchesSingleInverses()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 300).Select(_ => Sample(random)).Where(v => !v.IsZero).ToArray();
        values[0] = Fp2.One;
        values[1] = new Fp2(0, 1);
        var inverses = new Fp2[values.Length];
        Fp2.BatchInverse(values, inverses);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i].Inverse(), inverses[i]);
        }

        Fp2.BatchInverse(values, values);
        Assert.Equal(inverses, values);

        // Below, at and past the eight-lane pass's threshold, with and without a scalar tail.
        foreach (var length in new[] { 5, 63, 64, 71, 200 })
        {
            var some = Enumerable.Range(0, 4 * length).Select(_ => Sample(random)).Where(v => !v.IsZero).Take(length).ToArray();
            var theirs = new Fp2[length];
            Fp2.BatchInverse(some, theirs);
            Assert.Equal(some.Select(v => v.Inverse()), theirs);
            some[length / 2] = Fp2.Zero;
            Assert.Throws<DivideByZeroException>(() => Fp2.BatchInverse(some, theirs));
        }

        values[7] = Fp2.Zero;
        Assert.Throws<DivideByZeroException>(() => Fp2.BatchInverse(values, inverses));
    }

    private static Fp2 Schoolbook(Fp2 a, Fp2 b)
    {
        var c0 = (((UInt128)a.C0 * b.C0 % P) + ((UInt128)a.C1 * b.C1 % P * 7)) % P;
        var c1 = (((UInt128)a.C0 * b.C1 % P) + ((UInt128)a.C1 * b.C0 % P)) % P;
        return new Fp2((ulong)c0, (ulong)c1);
    }

    private static Fp2 Sample(Random random)
    {
        ulong[] edges = [0, 1, P - 1, 0xFFFF_FFFF, 1UL << 32];
        ulong Element() => random.Next(4) == 0 ? edges[random.Next(edges.Length)] : Goldilocks.Reduce((ulong)random.NextInt64());
        return new Fp2(Element(), Element());
    }
}
