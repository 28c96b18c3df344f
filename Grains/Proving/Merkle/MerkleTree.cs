// SHA-256 Merkle commitments (KERNEL.md §5): leaf j = SHA-256(0x00 ‖ leaf bytes), node = SHA-256(0x01 ‖
// left ‖ right); the domain bytes keep a leaf from posing as a node. Openings are batched: the
// siblings shared by several queried leaves are sent once (KERNEL.md §6, ≈ 30 % smaller proofs).
// Building uses the multi-lane hasher on both cores; verifying uses SHA256.HashData, the reference.
using System.Buffers;
using System.Security.Cryptography;

namespace ProverSim.Grains.Proving.Merkle;

/// <summary>
/// A built tree. Its levels are rented from <see cref="ArrayPool{T}.Shared"/>: Dispose returns them,
/// so the next tree of that size reuses memory already mapped (a fresh page costs ~10 µs to fault in
/// on this VM, ≈ 0.1–0.3 s for a 2^20-leaf tree). Not disposing is safe; the GC then reclaims them.
/// </summary>
public sealed class MerkleTree : IDisposable
{
    public const int HashSize = 32;
    public const byte LeafPrefix = 0x00;
    public const byte NodePrefix = 0x01;

    /// <summary>Depths above this are rejected (2^30 leaves is beyond any proof here).</summary>
    public const int MaxDepth = 30;

    // Below this many hashes a level runs on the calling thread; above, Parallel.For over chunks of it.
    private const int ParallelChunk = 4096;

    private static readonly ParallelOptions AllCores = new();

    // levels[0] = leaf hashes, levels[Depth] = the root; level k holds LeafCount >> k hashes (rented
    // arrays, possibly longer: always go through Level(k)).
    private byte[][]? levels;

    private MerkleTree(byte[][] levels, int leafCount)
    {
        this.levels = levels;
        LeafCount = leafCount;
        Depth = levels.Length - 1;
    }

    public int LeafCount { get; }

    /// <summary>Number of levels above the leaves (log2 LeafCount); a path has Depth nodes.</summary>
    public int Depth { get; }

    /// <summary>The root hash (a copy).</summary>
    public byte[] Root => Level(Depth).ToArray();

    /// <summary>leaves: LeafCount leaves of leafSize bytes, concatenated; LeafCount must be a power of 2.</summary>
    public static MerkleTree Build(ReadOnlySpan<byte> leaves, int leafSize) => Build(leaves, leafSize, AllCores);

    /// <summary>As <see cref="Build(ReadOnlySpan{byte}, int)"/>, hashed on at most the cores <paramref name="parallel"/> allows.</summary>
    public static MerkleTree Build(ReadOnlySpan<byte> leaves, int leafSize, ParallelOptions parallel)
    {
        var leafCount = CheckShape(leaves.Length, leafSize);

        // Parallel.For cannot capture a span: for a large tree the workers read a copy.
        return leafCount < 2 * ParallelChunk
            ? Build(leaves, leafSize, leafCount)
            : Build(leaves.ToArray(), leaves.Length, leafSize, parallel);
    }

    /// <summary>As <see cref="Build(ReadOnlySpan{byte}, int)"/>, hashing the leaves on all cores without copying them.</summary>
    public static MerkleTree Build(byte[] leaves, int leafSize)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return Build(leaves, leaves.Length, leafSize, AllCores);
    }

    /// <summary>
    /// The tree of the first <paramref name="length"/> bytes of <paramref name="leaves"/> (a pooled buffer
    /// may be longer), hashed on at most the cores <paramref name="parallel"/> allows; the tree keeps no
    /// reference to the leaves.
    /// </summary>
    public static MerkleTree Build(byte[] leaves, int length, int leafSize, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, leaves.Length);
        var leafCount = CheckShape(length, leafSize);
        if (leafCount < 2 * ParallelChunk)
        {
            return Build(leaves.AsSpan(0, length), leafSize, leafCount);
        }

        var levels = RentLevels(leafCount);
        Parallel.For(0, leafCount / ParallelChunk, parallel, chunk =>
        {
            var first = chunk * ParallelChunk;
            Sha256Lanes.HashPrefixed(
                LeafPrefix,
                leaves.AsSpan(first * leafSize, ParallelChunk * leafSize),
                leafSize,
                levels[0].AsSpan(first * HashSize, ParallelChunk * HashSize));
        });
        return Complete(levels, leafCount, parallel);
    }

    /// <summary>Returns the levels to the pool; the tree cannot be used afterwards.</summary>
    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref levels, null);
        if (rented is not null)
        {
            foreach (var level in rented)
            {
                ArrayPool<byte>.Shared.Return(level);
            }
        }
    }

    /// <summary>The sibling hashes from leaf index up to the root (Depth of them).</summary>
    public byte[][] Path(int index) => Open([index]);

    /// <summary>
    /// The fewest sibling hashes that, with the given leaves, determine the root. indices: sorted,
    /// distinct, in range. Order: level by level from the leaves up, left to right within a level.
    /// </summary>
    public byte[][] Open(ReadOnlySpan<int> indices)
    {
        CheckIndices(indices, Depth);
        var nodes = new List<byte[]>();
        var known = new List<int>(indices.ToArray());
        var next = new List<int>(known.Count);
        for (var k = 0; k < Depth; k++)
        {
            next.Clear();
            for (var i = 0; i < known.Count; i++)
            {
                var position = known[i];
                if ((position & 1) == 0 && i + 1 < known.Count && known[i + 1] == position + 1)
                {
                    i++;
                }
                else
                {
                    nodes.Add(Level(k).Slice((position ^ 1) * HashSize, HashSize).ToArray());
                }

                next.Add(position >> 1);
            }

            (known, next) = (next, known);
        }

        return [.. nodes];
    }

    /// <summary>
    /// Recomputes the root from leafData[i] (the raw leaf at indices[i]) and the nodes of
    /// <see cref="Open"/>. False for unsorted, duplicate or out-of-range indices, too few or too many
    /// nodes, nodes that are not 32 bytes, or a different root.
    /// </summary>
    public static bool Verify(
        ReadOnlySpan<byte> root, int depth, ReadOnlySpan<int> indices, IReadOnlyList<byte[]> leafData, IReadOnlyList<byte[]> nodes)
    {
        if (root.Length != HashSize || depth < 0 || depth > MaxDepth || indices.Length == 0 || leafData.Count != indices.Length)
        {
            return false;
        }

        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] < 0 || indices[i] >= 1 << depth || (i > 0 && indices[i] <= indices[i - 1]))
            {
                return false;
            }
        }

        var positions = indices.ToArray();
        var hashes = new byte[positions.Length][];
        for (var i = 0; i < positions.Length; i++)
        {
            hashes[i] = HashLeaf(leafData[i]);
        }

        var count = positions.Length;
        var used = 0;
        Span<byte> pair = stackalloc byte[2 * HashSize];
        for (var k = 0; k < depth; k++)
        {
            var written = 0;
            for (var i = 0; i < count; i++)
            {
                var position = positions[i];
                if ((position & 1) == 0 && i + 1 < count && positions[i + 1] == position + 1)
                {
                    hashes[i].CopyTo(pair);
                    hashes[i + 1].CopyTo(pair[HashSize..]);
                    i++;
                }
                else
                {
                    if (used == nodes.Count || nodes[used] is not { Length: HashSize } sibling)
                    {
                        return false;
                    }

                    used++;
                    var (left, right) = (position & 1) == 0 ? (hashes[i], sibling) : (sibling, hashes[i]);
                    left.CopyTo(pair);
                    right.CopyTo(pair[HashSize..]);
                }

                hashes[written] = HashNode(pair);
                positions[written] = position >> 1;
                written++;
            }

            count = written;
        }

        return used == nodes.Count && count == 1 && root.SequenceEqual(hashes[0]);
    }

    /// <summary>Checks one path of <see cref="Path"/>; the depth is taken as path.Count, so the caller checks that against its own.</summary>
    public static bool VerifyPath(ReadOnlySpan<byte> root, int index, ReadOnlySpan<byte> leaf, IReadOnlyList<byte[]> path) =>
        VerifyPath(root, path.Count, index, leaf, path);

    /// <summary>Checks one path of <see cref="Path"/> in a tree of the given depth.</summary>
    public static bool VerifyPath(ReadOnlySpan<byte> root, int depth, int index, ReadOnlySpan<byte> leaf, IReadOnlyList<byte[]> path) =>
        path.Count == depth && Verify(root, depth, [index], [leaf.ToArray()], path);

    /// <summary>SHA-256(0x00 ‖ leaf), with the reference hasher.</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        buffer[0] = LeafPrefix;
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right) for the 64 bytes left ‖ right, with the reference hasher.</summary>
    public static byte[] HashNode(ReadOnlySpan<byte> leftAndRight)
    {
        if (leftAndRight.Length != 2 * HashSize)
        {
            throw new ArgumentException("A node hashes exactly two 32-byte children.", nameof(leftAndRight));
        }

        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = NodePrefix;
        leftAndRight.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    private ReadOnlySpan<byte> Level(int k)
    {
        var current = levels;
        ObjectDisposedException.ThrowIf(current is null, this);
        return current[k].AsSpan(0, (LeafCount >> k) * HashSize);
    }

    // Single-threaded, for trees too small to split.
    private static MerkleTree Build(ReadOnlySpan<byte> leaves, int leafSize, int leafCount)
    {
        var levels = RentLevels(leafCount);
        Sha256Lanes.HashPrefixed(LeafPrefix, leaves, leafSize, levels[0].AsSpan(0, leafCount * HashSize));
        return Complete(levels, leafCount, AllCores);
    }

    private static int CheckShape(int length, int leafSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leafSize, 1);
        if (length == 0 || length % leafSize != 0)
        {
            throw new ArgumentException($"{length} bytes are not a whole number of {leafSize}-byte leaves.", "leaves");
        }

        var leafCount = length / leafSize;
        if (!int.IsPow2(leafCount) || leafCount > 1 << MaxDepth)
        {
            throw new ArgumentException($"The number of leaves, {leafCount}, is not a power of 2 up to 2^{MaxDepth}.", "leaves");
        }

        return leafCount;
    }

    private static byte[][] RentLevels(int leafCount)
    {
        var levels = new byte[int.Log2(leafCount) + 1][];
        for (var k = 0; k < levels.Length; k++)
        {
            levels[k] = ArrayPool<byte>.Shared.Rent((leafCount >> k) * HashSize);
        }

        return levels;
    }

    // Hashes every level above the leaves.
    private static MerkleTree Complete(byte[][] levels, int leafCount, ParallelOptions parallel)
    {
        for (var k = 1; k < levels.Length; k++)
        {
            HashLevel(levels[k - 1], levels[k], (leafCount >> k) * HashSize, parallel);
        }

        return new MerkleTree(levels, leafCount);
    }

    // parents[0..parentBytes) from children[0..2·parentBytes).
    private static void HashLevel(byte[] children, byte[] parents, int parentBytes, ParallelOptions parallel)
    {
        var count = parentBytes / HashSize;
        if (count < 2 * ParallelChunk)
        {
            Sha256Lanes.HashPrefixed(NodePrefix, children.AsSpan(0, 2 * parentBytes), 2 * HashSize, parents.AsSpan(0, parentBytes));
            return;
        }

        Parallel.For(0, count / ParallelChunk, parallel, chunk =>
        {
            var first = chunk * ParallelChunk;
            Sha256Lanes.HashPrefixed(
                NodePrefix,
                children.AsSpan(first * 2 * HashSize, ParallelChunk * 2 * HashSize),
                2 * HashSize,
                parents.AsSpan(first * HashSize, ParallelChunk * HashSize));
        });
    }

    private static void CheckIndices(ReadOnlySpan<int> indices, int depth)
    {
        if (indices.Length == 0)
        {
            throw new ArgumentException("Open at least one index.", nameof(indices));
        }

        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] < 0 || indices[i] >= 1 << depth)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"Leaf index out of range [0, 2^{depth}).");
            }

            if (i > 0 && indices[i] <= indices[i - 1])
            {
                throw new ArgumentException("Indices must be sorted and distinct.", nameof(indices));
            }
        }
    }
}
