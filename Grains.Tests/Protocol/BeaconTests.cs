// The beacon's VRF inputs (DESIGN.md §1 "Allocation", §2.1 phase 0): alpha = ASCII(tag) ‖ seed ‖ u64be(n),
// exactly as Beacon.AlphaFormat publishes it; the genesis seed is SHA-256(i64be(master) ‖ i32be(replication)).
// Expected bytes are written out by hand: the tags in ASCII hex, the numbers in big-endian two's complement,
// and the genesis seeds are SHA-256 digests taken with another tool (Python's hashlib, sha256sum).
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class BeaconTests
{
    // "provsim/epoch/v1": p r o v s i m / e p o c h / v 1 (16 bytes).
    private const string EpochTagHex = "70726F7673696D2F" + "65706F63682F7631";

    // "provsim/slot/v1": p r o v s i m / s l o t / v 1 (15 bytes).
    private const string SlotTagHex = "70726F7673696D2F" + "736C6F742F7631";

    // "provsim/alloc/v1": p r o v s i m / a l l o c / v 1 (16 bytes).
    private const string AllocationTagHex = "70726F7673696D2F" + "616C6C6F632F7631";

    private static readonly byte[] Seed = [0xAA, 0xBB, 0xCC];

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Fact]
    public void EpochAlphaHasTheDocumentedBytes()
    {
        // 258 = 0x0102.
        Assert.Equal(Hex(EpochTagHex + "AABBCC" + "0000000000000102"), Beacon.EpochAlpha(Seed, 258));
    }

    [Fact]
    public void SlotAlphaHasTheDocumentedBytes()
    {
        Assert.Equal(Hex(SlotTagHex + "AABBCC" + "0123456789ABCDEF"), Beacon.SlotAlpha(Seed, 0x0123_4567_89AB_CDEF));
    }

    [Fact]
    public void AllocationAlphaHasTheDocumentedBytes()
    {
        Assert.Equal(Hex(AllocationTagHex + "AABBCC" + "0000000000000007"), Beacon.AllocationAlpha(Seed, 7));
    }

    [Fact]
    public void AFullSizeSeedAndNegativeNumbersAreWrittenWhole()
    {
        // A 32-byte seed 00 01 … 1F; −1 and −2 as two's-complement u64, long.MinValue with only the top bit set.
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        const string SeedHex = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

        Assert.Equal(Hex(AllocationTagHex + SeedHex + "FFFFFFFFFFFFFFFF"), Beacon.AllocationAlpha(seed, -1));
        Assert.Equal(Hex(EpochTagHex + SeedHex + "FFFFFFFFFFFFFFFE"), Beacon.EpochAlpha(seed, -2));
        Assert.Equal(Hex(SlotTagHex + SeedHex + "8000000000000000"), Beacon.SlotAlpha(seed, long.MinValue));
    }

    [Fact]
    public void ThePublishedFormatNamesEachTag()
    {
        Assert.Contains("epoch: ASCII(\"provsim/epoch/v1\") ‖ previous epoch seed", Beacon.AlphaFormat);
        Assert.Contains("slot: ASCII(\"provsim/slot/v1\") ‖ epoch seed ‖ slot (u64 big-endian)", Beacon.AlphaFormat);
        Assert.Contains("allocation: ASCII(\"provsim/alloc/v1\") ‖ epoch seed ‖ workload id (u64 big-endian)", Beacon.AlphaFormat);
    }

    [Fact]
    public void NoTagIsAPrefixOfAnother()
    {
        // Prefix-free tags keep the three domains apart even if seeds of different lengths were ever mixed:
        // no epoch alpha can then be read as a slot or allocation alpha.
        string[] tags = [Beacon.EpochTag, Beacon.SlotTag, Beacon.AllocationTag];
        foreach (var a in tags)
        {
            Assert.All(tags.Where(b => b != a), b => Assert.False(a.StartsWith(b, StringComparison.Ordinal), $"'{b}' is a prefix of '{a}'"));
        }

        Assert.Equal(3, tags.Distinct().Count());
    }

    [Fact]
    public void NumbersThatDifferOnlyInTheirHighBytesGiveDifferentAlphas()
    {
        // A 32-bit or otherwise truncated encoding would map these to one alpha.
        long[] numbers = [1, 1 + (1L << 32), 1 + (1L << 56), long.MinValue + 1, -1, long.MaxValue];
        Func<byte[], long, byte[]>[] kinds = [(s, n) => Beacon.EpochAlpha(s, n), (s, n) => Beacon.SlotAlpha(s, n), (s, n) => Beacon.AllocationAlpha(s, n)];
        foreach (var alpha in kinds)
        {
            Assert.Equal(numbers.Length, numbers.Select(n => Convert.ToHexString(alpha(Seed, n))).Distinct().Count());
        }
    }

    [Fact]
    public void SeedsThatDifferOnlyInTheirLastByteGiveDifferentAlphas()
    {
        var seed = new byte[32];
        var other = new byte[32];
        other[31] = 1;
        Assert.NotEqual(Beacon.EpochAlpha(seed, 3), Beacon.EpochAlpha(other, 3));
        Assert.NotEqual(Beacon.SlotAlpha(seed, 3), Beacon.SlotAlpha(other, 3));
        Assert.NotEqual(Beacon.AllocationAlpha(seed, 3), Beacon.AllocationAlpha(other, 3));
    }

    [Fact]
    public void GenesisSeedIsTheHashOfMasterSeedAndReplication()
    {
        // SHA-256(00000000_00000007 ‖ 00000001), SHA-256(FFFFFFFF_FFFFFFF9 ‖ 00000000), SHA-256(twelve zero bytes).
        Assert.Equal(Hex("39CADC3287FA68C070E0DD25727AFD9B3B6B913DBF2FF19037CE725888AF3812"), Beacon.GenesisSeed(7, 1));
        Assert.Equal(Hex("2ABA65D4AD0E077D1CBAAF06CEB0DE9F189FF89D59219EEBD6C9F66CE7F4BFDC"), Beacon.GenesisSeed(-7, 0));
        Assert.Equal(Hex("15EC7BF0B50732B49F8228E07D24365338F9E3AB994B00AF08E5A3BFFE55FD8B"), Beacon.GenesisSeed(0, 0));
    }

    [Fact]
    public void GenesisSeedKeepsMasterSeedAndReplicationApart()
    {
        // Pairs a looser encoding would merge: swapped fields (a sum or an unordered mix), a master seed
        // truncated to 32 bits (2^32 and 0), a sign dropped (7 and −7).
        var seeds = new[]
        {
            Beacon.GenesisSeed(1, 0), Beacon.GenesisSeed(0, 1), Beacon.GenesisSeed(0, 0), Beacon.GenesisSeed(1L << 32, 0),
            Beacon.GenesisSeed(7, 0), Beacon.GenesisSeed(-7, 0), Beacon.GenesisSeed(7, 1),
        };
        Assert.Equal(seeds.Length, seeds.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void TheBeaconKeyHasADerivationOfItsOwnThatNothingPublishedReveals()
    {
        // SHA-256(ASCII "provsim/beacon-key/v1" ‖ 00000000_00000007 ‖ 00000001), worked out apart from the code.
        Assert.Equal(Hex("1CACD517946AD2011C61C25942EBC98F6F19FA1EAAD36C0D2F82D1822B1BA76D"), Beacon.KeySeed(7, 1));
        Assert.Equal(Hex("0930356A0E5F4F9E940E82523E86B4323E2E8474BE2A76E2372509348652DC76"), Beacon.KeySeed(42, 0));

        // The genesis seed is published inside epoch 0's alpha: the key pair does not come from it.
        var key = ProverSim.Grains.Crypto.EcvrfKeyPair.Derive(Beacon.KeySeed(42, 0));
        Assert.NotEqual(ProverSim.Grains.Crypto.EcvrfKeyPair.Derive(Beacon.GenesisSeed(42, 0)).PublicKey, key.PublicKey);
        Assert.DoesNotContain(Convert.ToHexString(Beacon.KeySeed(42, 0)), Convert.ToHexString(Beacon.EpochAlpha(Beacon.GenesisSeed(42, 0), 0)));
    }
}
