// The project's P-256 arithmetic against two independent references: System.Numerics big integers
// for the field, and BouncyCastle's curve for points and scalar products (random and edge scalars,
// equal and opposite points, the group order, SEC1 encodings).
using System.Numerics;
using Org.BouncyCastle.Crypto.EC;
using ProverSim.Grains.Crypto.P256;
using Xunit;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace ProverSim.Grains.Tests.Crypto;

public sealed class P256Tests
{
    private static readonly BigInteger P = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", System.Globalization.NumberStyles.HexNumber);
    private static readonly Org.BouncyCastle.Asn1.X9.X9ECParameters Curve = CustomNamedCurves.GetByName("P-256");
    private static readonly BcBigInteger N = Curve.N;

    [Fact]
    public void FieldOperationsMatchBigIntegerArithmeticModP()
    {
        var random = new Random(20261126);
        var edges = new[] { BigInteger.Zero, BigInteger.One, 2, P - 1, P - 2, (P + 1) / 2, BigInteger.Pow(2, 255), BigInteger.Pow(2, 224) };
        var values = edges.Concat(Enumerable.Range(0, 200).Select(_ => RandomBelow(random, P))).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var a = values[i];
            var b = values[(i * 7 + 3) % values.Length];
            var fa = ToField(a);
            var fb = ToField(b);

            Assert.Equal((a + b) % P, FromField(fa + fb));
            Assert.Equal(((a - b) % P + P) % P, FromField(fa - fb));
            Assert.Equal(a * b % P, FromField(fa * fb));
            Assert.Equal(a * a % P, FromField(fa.Square()));
            Assert.Equal((P - a) % P, FromField(-fa));
            Assert.Equal(a.IsEven, !fa.IsOdd);
            if (!a.IsZero)
            {
                Assert.Equal(BigInteger.ModPow(a, P - 2, P), FromField(fa.Invert()));
                Assert.Equal(BigInteger.One, FromField(fa * fa.Invert()));
            }

            var isSquare = a.IsZero || BigInteger.ModPow(a, (P - 1) / 2, P).IsOne;
            Assert.Equal(isSquare, fa.TrySqrt(out var root));
            if (isSquare)
            {
                Assert.Equal(a, FromField(root) * FromField(root) % P);
            }
        }
    }

    [Fact]
    public void FieldRefusesIntegersNotBelowP()
    {
        Assert.False(P256Field.TryFromBytes(ToBytes(P), out _));
        Assert.False(P256Field.TryFromBytes(Enumerable.Repeat((byte)0xFF, 32).ToArray(), out _));
        Assert.True(P256Field.TryFromBytes(ToBytes(P - 1), out _));
    }

    [Fact]
    public void ScalarProductsMatchBouncyCastle()
    {
        var random = new Random(7);
        var scalars = new List<BcBigInteger>
        {
            BcBigInteger.Zero, BcBigInteger.One, BcBigInteger.Two, BcBigInteger.ValueOf(15), BcBigInteger.ValueOf(16),
            BcBigInteger.ValueOf(31), BcBigInteger.ValueOf(32), BcBigInteger.ValueOf(33), N.Subtract(BcBigInteger.One),
            N.Subtract(BcBigInteger.Two), N.ShiftRight(1), BcBigInteger.One.ShiftLeft(255), BcBigInteger.One.ShiftLeft(128),
        };
        for (var i = 0; i < 40; i++)
        {
            scalars.Add(new BcBigInteger(256, new Org.BouncyCastle.Security.SecureRandom(new SeededGenerator(random))).Mod(N));
        }

        var basePoint = Curve.G.Multiply(BcBigInteger.ValueOf(987654321)).Normalize();
        var ours = ToAffine(basePoint);
        Span<P256Affine> table = stackalloc P256Affine[P256Curve.TableSize];
        P256Curve.OddMultiples(ours, table);
        for (var i = 0; i < scalars.Count; i++)
        {
            var k = scalars[i];
            var kBytes = ScalarBytes(k);
            AssertSame(Curve.G.Multiply(k), P256Curve.MultiplyBase(kBytes), $"k·G, k = {k}");
            AssertSame(basePoint.Multiply(k), P256Curve.Multiply(table, kBytes), $"k·P, k = {k}");

            var b = scalars[(i * 5 + 1) % scalars.Count];
            AssertSame(
                Curve.G.Multiply(k).Add(basePoint.Multiply(b)),
                P256Curve.MultiplyTwo(GeneratorTable(), kBytes, table, ScalarBytes(b)),
                $"k·G + b·P, k = {k}, b = {b}");
        }
    }

    [SkippableTheory]
    [InlineData("managed")]
    [InlineData("openssl")]
    public void CombinationsMatchBouncyCastle(string name)
    {
        P256Arithmetic curve = name == "managed"
            ? ManagedP256.Instance
            : Cluster.ClusterServers.LibCrypto(OpenSslP256.TryLoad());
        var random = new Random(11);
        for (var i = 0; i < 12; i++)
        {
            var a = new BcBigInteger(1, RandomBytes(random, 32)).Mod(N);
            var b = new BcBigInteger(1, RandomBytes(random, 32)).Mod(N);
            var c = new BcBigInteger(1, RandomBytes(random, 16));
            var p = Curve.G.Multiply(new BcBigInteger(1, RandomBytes(random, 32))).Normalize();
            var q = Curve.G.Multiply(new BcBigInteger(1, RandomBytes(random, 32))).Normalize();
            P256Affine[] points = [ToAffine(p), ToAffine(q)];
            var scalars = ScalarBytes(b).Concat(ScalarBytes(c)).ToArray();

            Assert.True(curve.TryMultiplyBase(ScalarBytes(a), out var r));
            AssertSame(Curve.G.Multiply(a), P256Jacobian.From(r), $"{name}: a·G");
            Assert.True(curve.TryMultiply(points[0], ScalarBytes(b), out r));
            AssertSame(p.Multiply(b), P256Jacobian.From(r), $"{name}: b·P");
            Assert.True(curve.TryCombine(ScalarBytes(a), points[..1], ScalarBytes(b), out r));
            AssertSame(Curve.G.Multiply(a).Add(p.Multiply(b)), P256Jacobian.From(r), $"{name}: a·G + b·P");
            Assert.True(curve.TryCombine([], points, scalars, out r));
            AssertSame(p.Multiply(b).Add(q.Multiply(c)), P256Jacobian.From(r), $"{name}: b·P + c·Q");
            Assert.True(curve.TryCombine(ScalarBytes(a), points, scalars, out r));
            AssertSame(Curve.G.Multiply(a).Add(p.Multiply(b)).Add(q.Multiply(c)), P256Jacobian.From(r), $"{name}: a·G + b·P + c·Q");
        }

        // Products that are the point at infinity: N·G, and b·P − b·P.
        Assert.False(curve.TryMultiplyBase(ScalarBytes(N), out _));
        var g = P256Curve.G;
        var two = ScalarBytes(BcBigInteger.Two);
        Assert.False(curve.TryCombine([], [g, g.Negate()], two.Concat(two).ToArray(), out _));
        Assert.False(curve.TryCombine(two, [g.Negate()], two, out _));
    }

    [Fact]
    public void TheGroupOrderTakesEveryPointToInfinityAndProductsAboveItWrapAround()
    {
        var n = ScalarBytes(N);
        Assert.True(P256Curve.MultiplyBase(n).IsInfinity);
        Assert.True(P256Curve.Multiply(GeneratorTable(), n).IsInfinity);

        // (N + 5)·G = 5·G: the recodings carry into a digit above bit 255.
        var above = ScalarBytes(N.Add(BcBigInteger.ValueOf(5)));
        AssertSame(Curve.G.Multiply(BcBigInteger.ValueOf(5)), P256Curve.MultiplyBase(above), "(N+5)·G by the comb");
        AssertSame(Curve.G.Multiply(BcBigInteger.ValueOf(5)), P256Curve.Multiply(GeneratorTable(), above), "(N+5)·G by wNAF");
    }

    [Fact]
    public void AdditionHandlesEqualOppositeAndInfinitePoints()
    {
        var g = P256Curve.G;
        var jg = P256Jacobian.From(g);
        AssertSame(Curve.G.Twice(), jg.Add(g), "G + G (mixed)");
        AssertSame(Curve.G.Twice(), jg.Add(jg), "G + G (Jacobian)");
        Assert.True(jg.Add(g.Negate()).IsInfinity);
        Assert.True(jg.Add(P256Jacobian.From(g.Negate())).IsInfinity);
        AssertSame(Curve.G, P256Jacobian.Infinity.Add(g), "O + G");
        AssertSame(Curve.G, jg.Add(P256Jacobian.Infinity), "G + O");
        Assert.True(P256Jacobian.Infinity.Double().IsInfinity);
        Assert.False(P256Jacobian.Infinity.TryToAffine(out _));
    }

    [Fact]
    public void CompressedEncodingRoundTripsAndRejectsBadPoints()
    {
        var random = new Random(3);
        for (var i = 0; i < 20; i++)
        {
            var k = new BcBigInteger(1, RandomBytes(random, 32)).Mod(N);
            var point = Curve.G.Multiply(k).Normalize();
            var expected = point.GetEncoded(true);

            Assert.True(P256Curve.MultiplyBase(ScalarBytes(k)).TryToAffine(out var affine));
            var encoded = new byte[P256Curve.EncodedLength];
            P256Curve.Encode(affine, encoded);
            Assert.Equal(expected, encoded);

            Assert.True(P256Curve.TryDecode(expected, out var decoded));
            P256Curve.Encode(decoded, encoded);
            Assert.Equal(expected, encoded);
        }

        // x = 1 gives y² = b − 2, not a square mod p; x = p is not a field element; 0x04 is uncompressed.
        var offCurve = new byte[33];
        offCurve[0] = 0x02;
        offCurve[32] = 1;
        Assert.False(P256Curve.TryDecode(offCurve, out _));
        offCurve[32] = 0;
        Assert.True(P256Curve.TryDecode(offCurve, out _));
        var pX = new byte[33];
        pX[0] = 0x02;
        ToBytes(P).CopyTo(pX, 1);
        Assert.False(P256Curve.TryDecode(pX, out _));
        var uncompressed = Curve.G.GetEncoded(true);
        uncompressed[0] = 0x04;
        Assert.False(P256Curve.TryDecode(uncompressed, out _));
        Assert.False(P256Curve.TryDecode(uncompressed.AsSpan(0, 32), out _));
    }

    private static P256Affine[] GeneratorTable()
    {
        var table = new P256Affine[P256Curve.TableSize];
        P256Curve.OddMultiples(P256Curve.G, table);
        return table;
    }

    private static void AssertSame(BcPoint expected, P256Jacobian actual, string what)
    {
        expected = expected.Normalize();
        if (expected.IsInfinity)
        {
            Assert.True(actual.IsInfinity, what);
            return;
        }

        Assert.True(actual.TryToAffine(out var affine), what);
        Assert.Equal(expected.AffineXCoord.ToBigInteger().ToString(16), ToBc(affine.X).ToString(16));
        Assert.Equal(expected.AffineYCoord.ToBigInteger().ToString(16), ToBc(affine.Y).ToString(16));
    }

    private static P256Affine ToAffine(BcPoint point) =>
        new(ToField(ToSystem(point.AffineXCoord.ToBigInteger())), ToField(ToSystem(point.AffineYCoord.ToBigInteger())));

    private static byte[] ScalarBytes(BcBigInteger k) => Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, k);

    private static P256Field ToField(BigInteger value)
    {
        Assert.True(P256Field.TryFromBytes(ToBytes(value), out var field));
        return field;
    }

    private static BigInteger FromField(P256Field value)
    {
        var bytes = new byte[32];
        value.WriteBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private static BcBigInteger ToBc(P256Field value) => new(FromField(value).ToString());

    private static BigInteger ToSystem(BcBigInteger value) => BigInteger.Parse(value.ToString());

    private static byte[] ToBytes(BigInteger value)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[32];
        raw.CopyTo(bytes, 32 - raw.Length);
        return bytes;
    }

    private static BigInteger RandomBelow(Random random, BigInteger bound) =>
        new BigInteger(RandomBytes(random, 32), isUnsigned: true, isBigEndian: true) % bound;

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // A SecureRandom over a seeded System.Random, so the test's scalars are the same every run.
    private sealed class SeededGenerator(Random random) : Org.BouncyCastle.Crypto.Prng.IRandomGenerator
    {
        public void AddSeedMaterial(byte[] seed) { }

        public void AddSeedMaterial(ReadOnlySpan<byte> seed) { }

        public void AddSeedMaterial(long seed) { }

        public void NextBytes(byte[] bytes) => random.NextBytes(bytes);

        public void NextBytes(byte[] bytes, int start, int len) => random.NextBytes(bytes.AsSpan(start, len));

        public void NextBytes(Span<byte> bytes) => random.NextBytes(bytes);
    }
}
