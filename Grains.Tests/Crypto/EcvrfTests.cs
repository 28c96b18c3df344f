// Pins ECVRF-P256-SHA256-TAI to RFC 9381 Appendix B.1 (Examples 10-12) and checks that Verify rejects
// every malformed or mismatched proof (CRYPTO.md "ECVRF").
using System.Text.Json;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Crypto.P256;
using Xunit;

namespace ProverSim.Grains.Tests.Crypto;

public sealed class EcvrfTests
{
    private const string VectorFile = "ecvrf-p256-sha256-tai.json";

    // The P-256 group order N, big-endian.
    private static readonly byte[] Order =
        Convert.FromHexString("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

    private static readonly Lazy<IReadOnlyDictionary<string, Vector>> Vectors = new(LoadVectors);

    public static TheoryData<string> VectorNames => new(Vectors.Value.Keys);

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void PublicKeyFromSecretMatchesVector(string name)
    {
        var vector = Vectors.Value[name];
        var key = EcvrfKeyPair.FromSecret(vector.Sk);

        Assert.Equal(vector.Pk, key.PublicKey);
        Assert.Equal(vector.Sk, key.Secret);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void ProveMatchesVector(string name)
    {
        var vector = Vectors.Value[name];

        var pi = Ecvrf.Prove(EcvrfKeyPair.FromSecret(vector.Sk), vector.Alpha);

        Assert.Equal(Ecvrf.ProofLength, pi.Length);
        Assert.Equal(Convert.ToHexStringLower(vector.Pi), Convert.ToHexStringLower(pi));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void ProofToHashMatchesVector(string name)
    {
        var vector = Vectors.Value[name];

        var beta = Ecvrf.ProofToHash(vector.Pi);

        Assert.Equal(Ecvrf.OutputLength, beta.Length);
        Assert.Equal(vector.Beta, beta);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyAcceptsVectorProofAndReturnsBeta(string name)
    {
        var vector = Vectors.Value[name];

        Assert.True(Ecvrf.Verify(vector.Pk, vector.Alpha, vector.Pi, out var beta));
        Assert.Equal(vector.Beta, beta);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsEverySingleBitFlip(string name)
    {
        var vector = Vectors.Value[name];

        // Bits 0 and 7 of every byte cover the Gamma prefix and x, the challenge c and the scalar s.
        foreach (var bit in new[] { 0, 7 })
        {
            for (var i = 0; i < Ecvrf.ProofLength; i++)
            {
                var pi = (byte[])vector.Pi.Clone();
                pi[i] ^= (byte)(1 << bit);

                Assert.False(Ecvrf.Verify(vector.Pk, vector.Alpha, pi, out var beta), $"bit {bit} of byte {i} flipped");
                Assert.Empty(beta);
            }
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsDifferentAlpha(string name)
    {
        var vector = Vectors.Value[name];
        var alpha = vector.Alpha.Append((byte)0x00).ToArray();

        Assert.False(Ecvrf.Verify(vector.Pk, alpha, vector.Pi, out var beta));
        Assert.Empty(beta);
        Assert.False(Ecvrf.Verify(vector.Pk, [], vector.Pi, out _));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsWrongPublicKey(string name)
    {
        var vector = Vectors.Value[name];
        var other = Vectors.Value.Values.First(v => !v.Pk.AsSpan().SequenceEqual(vector.Pk)).Pk;
        var negated = (byte[])vector.Pk.Clone();
        negated[0] ^= 0x01;

        Assert.False(Ecvrf.Verify(other, vector.Alpha, vector.Pi, out var beta));
        Assert.Empty(beta);
        Assert.False(Ecvrf.Verify(negated, vector.Alpha, vector.Pi, out _));
        Assert.False(Ecvrf.Verify(EcvrfKeyPair.Derive("other"u8).PublicKey, vector.Alpha, vector.Pi, out _));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsPublicKeyThatDoesNotDecode(string name)
    {
        var vector = Vectors.Value[name];

        foreach (var publicKey in MalformedPoints(vector.Pk))
        {
            Assert.False(Ecvrf.Verify(publicKey, vector.Alpha, vector.Pi, out var beta), Convert.ToHexString(publicKey));
            Assert.Empty(beta);
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsGammaThatDoesNotDecode(string name)
    {
        var vector = Vectors.Value[name];

        foreach (var gamma in MalformedPoints(vector.Pi[..33]).Where(g => g.Length == 33))
        {
            var pi = gamma.Concat(vector.Pi[33..]).ToArray();

            Assert.False(Ecvrf.Verify(vector.Pk, vector.Alpha, pi, out var beta), Convert.ToHexString(gamma));
            Assert.Empty(beta);
            Assert.Throws<ArgumentException>(() => Ecvrf.ProofToHash(pi));
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsScalarAtOrAboveOrder(string name)
    {
        var vector = Vectors.Value[name];

        foreach (var s in new[] { Order, Enumerable.Repeat((byte)0xff, 32).ToArray() })
        {
            var pi = vector.Pi[..49].Concat(s).ToArray();

            Assert.False(Ecvrf.Verify(vector.Pk, vector.Alpha, pi, out var beta));
            Assert.Empty(beta);
            Assert.Throws<ArgumentException>(() => Ecvrf.ProofToHash(pi));
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsZeroChallengeAndScalar(string name)
    {
        var vector = Vectors.Value[name];
        var zeroC = vector.Pi[..33].Concat(new byte[16]).Concat(vector.Pi[49..]).ToArray();
        var zeroCAndS = vector.Pi[..33].Concat(new byte[48]).ToArray();

        Assert.False(Ecvrf.Verify(vector.Pk, vector.Alpha, zeroC, out _));
        Assert.False(Ecvrf.Verify(vector.Pk, vector.Alpha, zeroCAndS, out var beta));
        Assert.Empty(beta);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VerifyRejectsWrongLength(string name)
    {
        var vector = Vectors.Value[name];

        foreach (var pi in new[] { vector.Pi[..80], vector.Pi.Append((byte)0).ToArray(), [] })
        {
            Assert.False(Ecvrf.Verify(vector.Pk, vector.Alpha, pi, out var beta));
            Assert.Empty(beta);
            Assert.Throws<ArgumentException>(() => Ecvrf.ProofToHash(pi));
        }
    }

    public static TheoryData<string, string> VectorsUnderEachArithmetic()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Vectors.Value.Keys)
        {
            data.Add(name, "managed");
            data.Add(name, "openssl");
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(VectorsUnderEachArithmetic))]
    public void EveryP256ArithmeticProvesAndVerifiesTheVector(string name, string arithmetic)
    {
        var vector = Vectors.Value[name];
        var curve = Arithmetic(arithmetic);

        Assert.Equal(Convert.ToHexStringLower(vector.Pi), Convert.ToHexStringLower(Ecvrf.Prove(EcvrfKeyPair.FromSecret(vector.Sk), vector.Alpha, curve)));
        Assert.True(Ecvrf.Verify(vector.Pk, vector.Alpha, vector.Pi, curve, out var beta));
        Assert.Equal(vector.Beta, beta);

        var flipped = (byte[])vector.Pi.Clone();
        flipped[^1] ^= 1;
        Assert.False(Ecvrf.Verify(vector.Pk, vector.Alpha, flipped, curve, out _));
    }

    [SkippableFact]
    public void TheManagedAndOpenSslArithmeticGiveTheSameProofs()
    {
        var managed = Arithmetic("managed");
        var openSsl = Arithmetic("openssl");
        var key = EcvrfKeyPair.Derive("two arithmetics"u8);
        for (var i = 0; i < 25; i++)
        {
            var alpha = BitConverter.GetBytes(i);
            var pi = Ecvrf.Prove(key, alpha, managed);
            Assert.Equal(pi, Ecvrf.Prove(key, alpha, openSsl));
            Assert.True(Ecvrf.Verify(key.PublicKey, alpha, pi, openSsl, out _));
            Assert.True(Ecvrf.Verify(key.PublicKey, alpha, pi, managed, out _));
        }
    }

    [Fact]
    public void RunsOnLinuxUseOpenSslUnlessToldOtherwise()
    {
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("PROVSIM_LIBCRYPTO") != "off" ? "openssl" : P256Arithmetic.Default.Name;
        Assert.Equal(expected, P256Arithmetic.Default.Name);
    }

    // Without libcrypto (or with PROVSIM_LIBCRYPTO=off) the OpenSSL cases are skipped, and fail in CI.
    private static P256Arithmetic Arithmetic(string name) => name switch
    {
        "managed" => ManagedP256.Instance,
        _ => Cluster.ClusterServers.LibCrypto(OpenSslP256.TryLoad()),
    };

    [Fact]
    public void ProveAndVerifyRoundTripWithDerivedKey()
    {
        var key = EcvrfKeyPair.Derive("round-trip"u8);

        foreach (var alpha in new[] { Array.Empty<byte>(), "slot-42"u8.ToArray(), new byte[5000] })
        {
            var pi = Ecvrf.Prove(key, alpha);

            Assert.True(Ecvrf.Verify(key.PublicKey, alpha, pi, out var beta));
            Assert.Equal(Ecvrf.ProofToHash(pi), beta);
            Assert.Equal(pi, Ecvrf.Prove(key, alpha));
        }
    }

    [Fact]
    public void DeriveIsDeterministicAndSeparatesSeeds()
    {
        var first = EcvrfKeyPair.Derive("workload-1"u8);
        var again = EcvrfKeyPair.Derive("workload-1"u8);
        var second = EcvrfKeyPair.Derive("workload-2"u8);

        Assert.Equal(first.Secret, again.Secret);
        Assert.Equal(first.PublicKey, again.PublicKey);
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.NotEqual(first.PublicKey, second.PublicKey);
        Assert.Equal(32, first.Secret.Length);
        Assert.Equal(33, first.PublicKey.Length);
        Assert.Equal(first.PublicKey, EcvrfKeyPair.FromSecret(first.Secret).PublicKey);
    }

    [Fact]
    public void FromSecretRejectsOutOfRangeScalars()
    {
        var maxScalar = (byte[])Order.Clone();
        maxScalar[^1] -= 1;

        Assert.Throws<ArgumentException>(() => EcvrfKeyPair.FromSecret(new byte[32]));
        Assert.Throws<ArgumentException>(() => EcvrfKeyPair.FromSecret(Order));
        Assert.Throws<ArgumentException>(() => EcvrfKeyPair.FromSecret(new byte[31]));
        Assert.Equal(maxScalar, EcvrfKeyPair.FromSecret(maxScalar).Secret);
    }

    // Encodings string_to_point must refuse: identity, uncompressed/hybrid prefixes, truncation,
    // x >= p, and an x with no point on the curve.
    private static IEnumerable<byte[]> MalformedPoints(byte[] valid)
    {
        yield return [0x00];
        yield return new byte[33];
        yield return [0x04, .. valid[1..]];
        yield return [0x06, .. valid[1..]];
        yield return valid[..32];
        yield return [.. valid, 0x00];
        yield return [0x02, .. Enumerable.Repeat((byte)0xff, 32)];
        yield return [0x02, .. Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")];
        yield return [0x02, .. NonResidueX()];
    }

    // The smallest x (as 32 big-endian bytes) for which x^3 - 3x + b has no square root mod p.
    private static byte[] NonResidueX()
    {
        var p = System.Numerics.BigInteger.Parse(
            "0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
            System.Globalization.NumberStyles.HexNumber);
        var b = System.Numerics.BigInteger.Parse(
            "05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
            System.Globalization.NumberStyles.HexNumber);
        for (var x = System.Numerics.BigInteger.One; ; x++)
        {
            var rhs = System.Numerics.BigInteger.ModPow(x, 3, p) - (3 * x) + b;
            rhs = ((rhs % p) + p) % p;
            if (System.Numerics.BigInteger.ModPow(rhs, (p - 1) / 2, p) == p - 1)
            {
                var bytes = x.ToByteArray(isUnsigned: true, isBigEndian: true);
                return [.. new byte[32 - bytes.Length], .. bytes];
            }
        }
    }

    private static IReadOnlyDictionary<string, Vector> LoadVectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FindVectorFile()));
        return document.RootElement.GetProperty("vectors").EnumerateArray()
            .Select(v => new Vector(
                v.GetProperty("name").GetString()!,
                Hex(v, "sk"),
                Hex(v, "pk"),
                Hex(v, "alpha"),
                Hex(v, "pi"),
                Hex(v, "beta")))
            .ToDictionary(v => v.Name);

        static byte[] Hex(JsonElement element, string property) =>
            Convert.FromHexString(element.GetProperty(property).GetString()!);
    }

    // The vectors live in <repo root>/../shared/testdata.
    private static string FindVectorFile() => Path.GetFullPath(Path.Combine(RepoPaths.SharedTestData, VectorFile));

    private sealed record Vector(string Name, byte[] Sk, byte[] Pk, byte[] Alpha, byte[] Pi, byte[] Beta);
}
