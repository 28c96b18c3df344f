// The beacon's VRF inputs (DESIGN.md §1 "Allocation", §2.1 phase 0): alpha = ASCII(tag) ‖ seed ‖ u64be(n),
// exactly as Beacon.AlphaFormat publishes it; the genesis seed is SHA-256(i64be(master) ‖ i32be(replication)).
using System.Security.Cryptography;
using System.Text;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class BeaconTests
{
    private static readonly byte[] Seed = [0xAA, 0xBB, 0xCC];

    [Fact]
    public void EpochAlphaHasTheDocumentedBytes()
    {
        byte[] expected = [.. Encoding.ASCII.GetBytes("provsim/epoch/v1"), 0xAA, 0xBB, 0xCC, 0, 0, 0, 0, 0, 0, 0x01, 0x02];
        Assert.Equal(expected, Beacon.EpochAlpha(Seed, 258));
        Assert.Equal(16 + 3 + 8, expected.Length);
    }

    [Fact]
    public void SlotAlphaHasTheDocumentedBytes()
    {
        byte[] expected = [.. Encoding.ASCII.GetBytes("provsim/slot/v1"), 0xAA, 0xBB, 0xCC, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF];
        Assert.Equal(expected, Beacon.SlotAlpha(Seed, 0x0123_4567_89AB_CDEF));
    }

    [Fact]
    public void AllocationAlphaHasTheDocumentedBytes()
    {
        byte[] expected = [.. Encoding.ASCII.GetBytes("provsim/alloc/v1"), 0xAA, 0xBB, 0xCC, 0, 0, 0, 0, 0, 0, 0, 7];
        Assert.Equal(expected, Beacon.AllocationAlpha(Seed, 7));
    }

    [Fact]
    public void AlphaWithAFullSizeSeedAndTheTagsAsPublished()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var alpha = Beacon.AllocationAlpha(seed, -1);
        Assert.Equal(16 + 32 + 8, alpha.Length);
        Assert.Equal(seed, alpha[16..48]);
        Assert.All(alpha[48..], b => Assert.Equal(0xFF, b)); // -1 as a two's-complement u64

        Assert.Equal("provsim/epoch/v1", Beacon.EpochTag);
        Assert.Contains($"ASCII(\"{Beacon.EpochTag}\")", Beacon.AlphaFormat);
        Assert.Contains($"ASCII(\"{Beacon.SlotTag}\")", Beacon.AlphaFormat);
        Assert.Contains($"ASCII(\"{Beacon.AllocationTag}\")", Beacon.AlphaFormat);
        Assert.NotEqual(Beacon.EpochAlpha(Seed, 1), Beacon.SlotAlpha(Seed, 1));
        Assert.NotEqual(Beacon.SlotAlpha(Seed, 1), Beacon.AllocationAlpha(Seed, 1));
    }

    [Fact]
    public void GenesisSeedIsTheHashOfMasterSeedAndReplication()
    {
        byte[] input = [0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1];
        Assert.Equal(SHA256.HashData(input), Beacon.GenesisSeed(7, 1));
        Assert.Equal(Beacon.GenesisSeed(7, 1), Beacon.GenesisSeed(7, 1));
        Assert.Equal(32, Beacon.GenesisSeed(7, 1).Length);
    }

    [Fact]
    public void GenesisSeedDiffersByReplicationAndMasterSeed()
    {
        var seeds = new[] { Beacon.GenesisSeed(7, 0), Beacon.GenesisSeed(7, 1), Beacon.GenesisSeed(7, 2), Beacon.GenesisSeed(8, 0), Beacon.GenesisSeed(-7, 0) };
        Assert.Equal(seeds.Length, seeds.Select(Convert.ToHexString).Distinct().Count());
    }
}
