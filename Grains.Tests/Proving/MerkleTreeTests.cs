// Merkle commitments (KERNEL.md §5): a 4-leaf tree computed by hand with SHA256.HashData, paths and
// batched openings that verify, and every kind of bad opening rejected.
using System.Security.Cryptography;
using ProverSim.Grains.Proving.Merkle;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class MerkleTreeTests
{
    [Fact]
    public void FourLeafTreeComputedByHand()
    {
        byte[][] leaves = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]];
        var tree = MerkleTree.Build(leaves.SelectMany(l => l).ToArray(), 3);

        var h = leaves.Select(l => SHA256.HashData([0x00, .. l])).ToArray();
        var n01 = SHA256.HashData([0x01, .. h[0], .. h[1]]);
        var n23 = SHA256.HashData([0x01, .. h[2], .. h[3]]);
        var root = SHA256.HashData([0x01, .. n01, .. n23]);

        Assert.Equal(root, tree.Root);
        Assert.Equal(2, tree.Depth);
        Assert.Equal(4, tree.LeafCount);
        Assert.Equal(new[] { h[3], n01 }, tree.Path(2));
        Assert.Equal(new[] { h[1], n23 }, tree.Path(0));
        Assert.Equal(new[] { n23 }, tree.Open([0, 1]));
        Assert.Equal(new[] { h[1], h[2] }, tree.Open([0, 3]));
        Assert.Empty(tree.Open([0, 1, 2, 3]));
        Assert.True(MerkleTree.VerifyPath(root, 2, leaves[2], tree.Path(2)));
        Assert.True(MerkleTree.Verify(root, 2, [0, 3], [leaves[0], leaves[3]], [h[1], h[2]]));
    }

    [Fact]
    public void SingleLeafTreeIsItsLeafHash()
    {
        var tree = MerkleTree.Build([42, 43], 2);
        Assert.Equal(0, tree.Depth);
        Assert.Equal(SHA256.HashData([0x00, 42, 43]), tree.Root);
        Assert.Empty(tree.Path(0));
        Assert.True(MerkleTree.VerifyPath(tree.Root, 0, [42, 43], tree.Path(0)));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(16, 32)]
    [InlineData(1024, 24)]
    [InlineData(8192, 16)]
    [InlineData(1 << 14, 128)]
    public void BuildMatchesAReferenceTree(int leafCount, int leafSize)
    {
        var leaves = new byte[leafCount * leafSize];
        new Random(leafCount).NextBytes(leaves);
        var tree = MerkleTree.Build(leaves, leafSize);

        var level = Enumerable.Range(0, leafCount).Select(i => SHA256.HashData([0x00, .. leaves.AsSpan(i * leafSize, leafSize)])).ToArray();
        while (level.Length > 1)
        {
            level = Enumerable.Range(0, level.Length / 2).Select(i => SHA256.HashData([0x01, .. level[2 * i], .. level[(2 * i) + 1]])).ToArray();
        }

        Assert.Equal(level[0], tree.Root);
        Assert.Equal(int.Log2(leafCount), tree.Depth);
        Assert.Equal(tree.Root, MerkleTree.Build(new ReadOnlySpan<byte>(leaves), leafSize).Root);
    }

    [Fact]
    public void PathsAndBatchedOpeningsVerify()
    {
        const int leafSize = 16;
        var (tree, leaves) = RandomTree(256, leafSize, 1);
        var root = tree.Root;
        for (var index = 0; index < 256; index += 7)
        {
            Assert.True(MerkleTree.VerifyPath(root, index, Leaf(leaves, index, leafSize), tree.Path(index)));
        }

        var random = new Random(2);
        for (var trial = 0; trial < 200; trial++)
        {
            var indices = Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(256)).Distinct().Order().ToArray();
            var nodes = tree.Open(indices);
            var data = indices.Select(i => Leaf(leaves, i, leafSize)).ToArray();
            Assert.True(MerkleTree.Verify(root, 8, indices, data, nodes));
            Assert.True(nodes.Length <= indices.Length * 8);
        }
    }

    [Fact]
    public void BatchingSharesNodes()
    {
        var (tree, _) = RandomTree(1 << 10, 8, 3);
        Assert.Equal(10, tree.Open([5]).Length);
        Assert.Equal(9, tree.Open([4, 5]).Length);
        Assert.Equal(9 + 9, tree.Open([0, 512]).Length); // the two paths meet only at the root
        Assert.Equal(2 + 8, tree.Open([0, 2]).Length); // siblings 1 and 3, then one path from level 2
    }

    [Fact]
    public void BadOpeningsFail()
    {
        const int leafSize = 8;
        var (tree, leaves) = RandomTree(64, leafSize, 4);
        var root = tree.Root;
        int[] indices = [3, 17, 18, 40];
        var data = indices.Select(i => Leaf(leaves, i, leafSize)).ToArray();
        var nodes = tree.Open(indices);
        Assert.True(MerkleTree.Verify(root, 6, indices, data, nodes));

        // Wrong leaf.
        var badData = data.Select(d => (byte[])d.Clone()).ToArray();
        badData[2][0] ^= 1;
        Assert.False(MerkleTree.Verify(root, 6, indices, badData, nodes));

        // Wrong node, each one in turn.
        for (var i = 0; i < nodes.Length; i++)
        {
            var badNodes = nodes.Select(n => (byte[])n.Clone()).ToArray();
            badNodes[i][31] ^= 0x80;
            Assert.False(MerkleTree.Verify(root, 6, indices, data, badNodes));
        }

        // Wrong index (the same leaves claimed elsewhere), wrong depth, wrong root.
        Assert.False(MerkleTree.Verify(root, 6, [3, 17, 19, 40], data, nodes));
        Assert.False(MerkleTree.Verify(root, 5, indices, data, nodes));
        Assert.False(MerkleTree.Verify(root, 7, indices, data, nodes));
        var badRoot = (byte[])root.Clone();
        badRoot[0] ^= 1;
        Assert.False(MerkleTree.Verify(badRoot, 6, indices, data, nodes));
        Assert.False(MerkleTree.Verify(root.AsSpan(0, 31), 6, indices, data, nodes));

        // Missing node, extra node, a node of the wrong length.
        Assert.False(MerkleTree.Verify(root, 6, indices, data, nodes[..^1]));
        Assert.False(MerkleTree.Verify(root, 6, indices, data, [.. nodes, nodes[0]]));
        Assert.False(MerkleTree.Verify(root, 6, indices, data, [.. nodes[..^1], [.. nodes[^1], 0]]));

        // Out-of-range, duplicate, unsorted, negative indices; leaf count mismatch; no indices.
        Assert.False(MerkleTree.Verify(root, 6, [3, 17, 18, 64], data, nodes));
        Assert.False(MerkleTree.Verify(root, 6, [3, 17, 17, 40], data, nodes));
        Assert.False(MerkleTree.Verify(root, 6, [17, 3, 18, 40], data, nodes));
        Assert.False(MerkleTree.Verify(root, 6, [-1, 17, 18, 40], data, nodes));
        Assert.False(MerkleTree.Verify(root, 6, indices, data[..3], nodes));
        Assert.False(MerkleTree.Verify(root, 6, [], [], []));

        // Single paths: wrong leaf, index, path length.
        var path = tree.Path(9);
        var leaf = Leaf(leaves, 9, leafSize);
        Assert.True(MerkleTree.VerifyPath(root, 9, leaf, path));
        Assert.True(MerkleTree.VerifyPath(root, 6, 9, leaf, path));
        Assert.False(MerkleTree.VerifyPath(root, 8, leaf, path));
        Assert.False(MerkleTree.VerifyPath(root, 64, leaf, path));
        Assert.False(MerkleTree.VerifyPath(root, 9, Leaf(leaves, 8, leafSize), path));
        Assert.False(MerkleTree.VerifyPath(root, 9, leaf, path[..^1]));
        Assert.False(MerkleTree.VerifyPath(root, 5, 9, leaf, path));
    }

    [Fact]
    public void DisposedTreesRefuseUseAndPooledMemoryGivesTheSameRoots()
    {
        var (tree, leaves) = RandomTree(1 << 13, 40, 6);
        var root = tree.Root;
        var path = tree.Path(77);
        tree.Dispose();
        tree.Dispose();
        Assert.Throws<ObjectDisposedException>(() => tree.Root);
        Assert.Throws<ObjectDisposedException>(() => tree.Path(3));

        using var again = MerkleTree.Build(leaves, 40);
        Assert.Equal(root, again.Root);
        Assert.Equal(path, again.Path(77));
    }

    [Fact]
    public void OpenRejectsBadIndices()
    {
        var (tree, _) = RandomTree(8, 4, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Open([8]));
        Assert.Throws<ArgumentException>(() => tree.Open([2, 2]));
        Assert.Throws<ArgumentException>(() => tree.Open([3, 2]));
        Assert.Throws<ArgumentException>(() => tree.Open([]));
    }

    [Fact]
    public void BuildRejectsBadShapes()
    {
        Assert.Throws<ArgumentException>(() => MerkleTree.Build(new byte[3 * 4], 4));
        Assert.Throws<ArgumentException>(() => MerkleTree.Build(new byte[10], 4));
        Assert.Throws<ArgumentException>(() => MerkleTree.Build([], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Build(new byte[4], 0));
    }

    private static (MerkleTree Tree, byte[] Leaves) RandomTree(int leafCount, int leafSize, int seed)
    {
        var leaves = new byte[leafCount * leafSize];
        new Random(seed).NextBytes(leaves);
        return (MerkleTree.Build(leaves, leafSize), leaves);
    }

    private static byte[] Leaf(byte[] leaves, int index, int leafSize) => leaves.AsSpan(index * leafSize, leafSize).ToArray();
}
