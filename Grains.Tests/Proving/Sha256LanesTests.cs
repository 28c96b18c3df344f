// The multi-lane SHA-256 (KERNEL.md §7) must be byte-equal to SHA256.HashData on every code path, for
// every message length 0..300, with and without the Merkle leaf/node prefix byte, and for message
// counts that do not fill the last group of lanes.
using System.Security.Cryptography;
using ProverSim.Grains.Proving.Merkle;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class Sha256LanesTests
{
    public static TheoryData<string> Paths => new(nameof(Sha256Lanes.Path.Scalar), nameof(Sha256Lanes.Path.Avx2), nameof(Sha256Lanes.Path.Avx512));

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryLengthUpTo300MatchesHashData(string pathName)
    {
        var path = Enum.Parse<Sha256Lanes.Path>(pathName);
        if (!Sha256Lanes.SupportedPaths.Contains(path))
        {
            return;
        }

        var random = new Random(300);
        for (var length = 0; length <= 300; length++)
        {
            var count = 1 + (length % 37);
            var messages = new byte[count * length];
            random.NextBytes(messages);
            foreach (var prefix in new[] { -1, 0x00, 0x01 })
            {
                var digests = new byte[count * 32];
                Sha256Lanes.Hash(prefix, messages, length, digests, path);
                for (var i = 0; i < count; i++)
                {
                    var message = messages.AsSpan(i * length, length);
                    var input = prefix < 0 ? message.ToArray() : [(byte)prefix, .. message];
                    Assert.True(
                        SHA256.HashData(input).AsSpan().SequenceEqual(digests.AsSpan(i * 32, 32)),
                        $"length {length}, prefix {prefix}, message {i} of {count}, path {path}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ManyMessagesMatchHashData(string pathName)
    {
        var path = Enum.Parse<Sha256Lanes.Path>(pathName);
        if (!Sha256Lanes.SupportedPaths.Contains(path))
        {
            return;
        }

        foreach (var (count, length) in new[] { (1000, 64), (333, 128), (17, 184), (16, 55), (8, 56), (5, 119) })
        {
            var messages = new byte[count * length];
            new Random(count).NextBytes(messages);
            var digests = new byte[count * 32];
            Sha256Lanes.Hash(0x01, messages, length, digests, path);
            for (var i = 0; i < count; i++)
            {
                byte[] input = [0x01, .. messages.AsSpan(i * length, length)];
                Assert.True(SHA256.HashData(input).AsSpan().SequenceEqual(digests.AsSpan(i * 32, 32)), $"{count}×{length}, message {i}");
            }
        }
    }

    [Fact]
    public void PublicEntryPointsMatchHashData()
    {
        var messages = new byte[40 * 64];
        new Random(1).NextBytes(messages);
        var digests = new byte[40 * 32];
        Sha256Lanes.Hash(messages, 64, digests);
        Assert.Equal(SHA256.HashData(messages.AsSpan(64 * 39, 64)), digests[(32 * 39)..]);
        Sha256Lanes.HashPrefixed(0x00, messages, 64, digests);
        Assert.Equal(SHA256.HashData([0x00, .. messages.AsSpan(64 * 39, 64)]), digests[(32 * 39)..]);
    }

    [Fact]
    public void RejectsMismatchedLengths() =>
        Assert.Throws<ArgumentException>(() => Sha256Lanes.Hash(new byte[65], 64, new byte[32]));
}
