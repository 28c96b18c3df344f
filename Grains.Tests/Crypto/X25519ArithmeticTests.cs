// Both X25519 implementations (libcrypto's and BouncyCastle's) against RFC 7748 §6.1's Diffie-Hellman
// vector, each other on random keys, and the low-order peer keys whose all-zero result HPKE refuses.
using ProverSim.Grains.Crypto;
using Xunit;

namespace ProverSim.Grains.Tests.Crypto;

public sealed class X25519ArithmeticTests
{
    private static readonly byte[] AliceSecret = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static readonly byte[] AlicePublic = Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static readonly byte[] BobSecret = Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static readonly byte[] BobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static readonly byte[] Shared = Convert.FromHexString("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    public static TheoryData<string> Implementations => ["openssl", "bouncycastle"];

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void TheRfc7748VectorHolds(string name)
    {
        var x25519 = Implementation(name);
        var key = new byte[32];

        x25519.PublicKey(AliceSecret, key);
        Assert.Equal(AlicePublic, key);
        x25519.PublicKey(BobSecret, key);
        Assert.Equal(BobPublic, key);
        Assert.True(x25519.TryAgree(AliceSecret, BobPublic, key));
        Assert.Equal(Shared, key);
        Assert.True(x25519.TryAgree(BobSecret, AlicePublic, key));
        Assert.Equal(Shared, key);
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void ALowOrderPeerGivesNoSharedSecret(string name)
    {
        var x25519 = Implementation(name);
        var shared = new byte[32];

        // u = 0 and u = 1 are points of order 4 and 1 on the curve: every product is the all-zero u.
        Assert.False(x25519.TryAgree(AliceSecret, new byte[32], shared));
        var one = new byte[32];
        one[0] = 1;
        Assert.False(x25519.TryAgree(AliceSecret, one, shared));
    }

    [SkippableFact]
    public void BothImplementationsAgreeOnRandomKeys()
    {
        var openSsl = Implementation("openssl");
        var bouncyCastle = Implementation("bouncycastle");
        var random = new Random(25519);
        var (secret, peerSecret, peer, expected, actual) = (new byte[32], new byte[32], new byte[32], new byte[32], new byte[32]);
        for (var i = 0; i < 50; i++)
        {
            random.NextBytes(secret);
            random.NextBytes(peerSecret);
            bouncyCastle.PublicKey(peerSecret, peer);
            openSsl.PublicKey(peerSecret, actual);
            Assert.Equal(peer, actual);

            Assert.True(bouncyCastle.TryAgree(secret, peer, expected));
            Assert.True(openSsl.TryAgree(secret, peer, actual));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void RunsOnLinuxUseLibcryptoUnlessToldOtherwise()
    {
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("PROVSIM_LIBCRYPTO") != "off" ? "openssl" : X25519Arithmetic.Default.Name;
        Assert.Equal(expected, X25519Arithmetic.Default.Name);
    }

    // Without libcrypto (or with PROVSIM_LIBCRYPTO=off) the OpenSSL cases are skipped, and fail in CI.
    private static X25519Arithmetic Implementation(string name) => name switch
    {
        "bouncycastle" => BouncyCastleX25519.Instance,
        _ => Cluster.ClusterServers.LibCrypto(OpenSslX25519.TryLoad()),
    };
}
