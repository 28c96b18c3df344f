// Many SHA-256 hashes of equal-length messages at once (KERNEL.md §5, §7).
// Why not SHA256.HashData alone: each call costs a fixed ~0.6 µs whatever the input (1.4–1.9 M hashes/s
// on this machine), so a Merkle tree of 2^20 leaves, ~2^21 calls, takes 1.3–1.7 s on one thread. Here
// 16 messages run side by side in the lanes of AVX-512 vectors (8 in AVX2), ~5–8× the throughput.
// SHA256.HashData stays the reference, the scalar fallback and the verifier's hasher; tests check
// that every path is byte-equal to it.
using System.Numerics;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace ProverSim.Grains.Proving.Merkle;

public static class Sha256Lanes
{
    public const int DigestSize = 32;

    // Fewer messages than this go to SHA256.HashData: a vector group costs the same for 1 message or 16.
    private const int MinimumForLanes = 3;

    // Lane scratch larger than this is rented instead of stack-allocated.
    private const int MaxStackScratch = 16 * 1024;

    private static readonly uint[] RoundConstants =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private static readonly uint[] InitialState =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    internal enum Path
    {
        Scalar,
        Avx2,
        Avx512,
    }

    internal static Path BestPath { get; } =
        Avx512F.IsSupported && Avx512BW.IsSupported ? Path.Avx512 : Avx2.IsSupported ? Path.Avx2 : Path.Scalar;

    internal static IReadOnlyList<Path> SupportedPaths { get; } =
        new[] { Path.Scalar, Path.Avx2, Path.Avx512 }
            .Where(path => path switch { Path.Avx512 => Avx512F.IsSupported && Avx512BW.IsSupported, Path.Avx2 => Avx2.IsSupported, _ => true })
            .ToArray();

    /// <summary>digests[32i..32i+32) = SHA-256(messages[i·len..(i+1)·len)); the count is digests.Length / 32.</summary>
    public static void Hash(ReadOnlySpan<byte> messages, int messageLength, Span<byte> digests) =>
        Hash(-1, messages, messageLength, digests, BestPath);

    /// <summary>digests[32i..32i+32) = SHA-256(prefix ‖ messages[i·len..(i+1)·len)): Merkle leaves (0x00) and nodes (0x01).</summary>
    public static void HashPrefixed(byte prefix, ReadOnlySpan<byte> messages, int messageLength, Span<byte> digests) =>
        Hash(prefix, messages, messageLength, digests, BestPath);

    // prefix −1 means no prefix byte.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Hash(int prefix, ReadOnlySpan<byte> messages, int messageLength, Span<byte> digests, Path path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageLength);
        if (digests.Length % DigestSize != 0 || (long)(digests.Length / DigestSize) * messageLength != messages.Length)
        {
            throw new ArgumentException(
                $"{messages.Length} message bytes are not {digests.Length / DigestSize} messages of {messageLength} bytes.", nameof(messages));
        }

        var count = digests.Length / DigestSize;
        if (path == Path.Scalar || count < MinimumForLanes)
        {
            HashScalar(prefix, messages, messageLength, digests);
            return;
        }

        var lanes = path == Path.Avx512 ? 16 : 8;
        var prefixLength = prefix < 0 ? 0 : 1;
        var blocks = (prefixLength + messageLength + 8) / 64 + 1;
        var laneLength = blocks * 64;
        var scratchLength = lanes * laneLength;
        byte[]? rented = null;
        var scratch = scratchLength <= MaxStackScratch
            ? stackalloc byte[scratchLength]
            : (rented = ArrayPool<byte>.Shared.Rent(scratchLength)).AsSpan(0, scratchLength);
        try
        {
            // Each lane holds one padded message: [prefix] message 0x80 0…0 bit-length (big-endian).
            scratch.Clear();
            var bitLength = (ulong)(prefixLength + messageLength) * 8;
            for (var lane = 0; lane < lanes; lane++)
            {
                var padded = scratch.Slice(lane * laneLength, laneLength);
                if (prefixLength == 1)
                {
                    padded[0] = (byte)prefix;
                }

                padded[prefixLength + messageLength] = 0x80;
                BinaryPrimitives.WriteUInt64BigEndian(padded[^8..], bitLength);
            }

            for (var first = 0; first < count; first += lanes)
            {
                var inGroup = Math.Min(lanes, count - first);
                for (var lane = 0; lane < inGroup; lane++)
                {
                    messages.Slice((first + lane) * messageLength, messageLength)
                        .CopyTo(scratch.Slice((lane * laneLength) + prefixLength, messageLength));
                }

                var output = digests.Slice(first * DigestSize, inGroup * DigestSize);
                if (path == Path.Avx512)
                {
                    HashGroupAvx512(scratch, blocks, output);
                }
                else
                {
                    HashGroupAvx2(scratch, blocks, output);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void HashScalar(int prefix, ReadOnlySpan<byte> messages, int messageLength, Span<byte> digests)
    {
        var count = digests.Length / DigestSize;
        if (prefix < 0)
        {
            for (var i = 0; i < count; i++)
            {
                SHA256.HashData(messages.Slice(i * messageLength, messageLength), digests.Slice(i * DigestSize, DigestSize));
            }

            return;
        }

        var buffer = messageLength < 1024 ? stackalloc byte[messageLength + 1] : new byte[messageLength + 1];
        buffer[0] = (byte)prefix;
        for (var i = 0; i < count; i++)
        {
            messages.Slice(i * messageLength, messageLength).CopyTo(buffer[1..]);
            SHA256.HashData(buffer, digests.Slice(i * DigestSize, DigestSize));
        }
    }

    // 16 padded messages of `blocks` 64-byte blocks, lane after lane in scratch; writes the first
    // output.Length / 32 digests.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashGroupAvx512(ReadOnlySpan<byte> scratch, int blocks, Span<byte> output)
    {
        var laneLength = blocks * 64;
        Span<Vector512<uint>> state = stackalloc Vector512<uint>[8];
        Span<Vector512<uint>> schedule = stackalloc Vector512<uint>[16];
        for (var k = 0; k < 8; k++)
        {
            state[k] = Vector512.Create(InitialState[k]);
        }

        ref var origin = ref MemoryMarshal.GetReference(scratch);
        for (var block = 0; block < blocks; block++)
        {
            // Row l = lane l's 16 words; transposed, vector t = word t of every lane.
            for (var lane = 0; lane < 16; lane++)
            {
                schedule[lane] = Vector512.LoadUnsafe(ref origin, (nuint)((lane * laneLength) + (block * 64))).AsUInt32();
            }

            Transpose16(schedule);
            var byteSwap = ByteSwap512;
            for (var t = 0; t < 16; t++)
            {
                schedule[t] = Avx512BW.Shuffle(schedule[t].AsByte(), byteSwap).AsUInt32();
            }

            CompressAvx512(state, schedule);
        }

        WriteDigests(state, 16, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CompressAvx512(Span<Vector512<uint>> state, Span<Vector512<uint>> w)
    {
        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var e = state[4];
        var f = state[5];
        var g = state[6];
        var h = state[7];
        for (var t = 0; t < 64; t += 16)
        {
            if (t > 0)
            {
                Schedule512(w);
            }

            var k = RoundConstants.AsSpan(t, 16);
            Round512(a, b, c, ref d, e, f, g, ref h, w[0] + Vector512.Create(k[0]));
            Round512(h, a, b, ref c, d, e, f, ref g, w[1] + Vector512.Create(k[1]));
            Round512(g, h, a, ref b, c, d, e, ref f, w[2] + Vector512.Create(k[2]));
            Round512(f, g, h, ref a, b, c, d, ref e, w[3] + Vector512.Create(k[3]));
            Round512(e, f, g, ref h, a, b, c, ref d, w[4] + Vector512.Create(k[4]));
            Round512(d, e, f, ref g, h, a, b, ref c, w[5] + Vector512.Create(k[5]));
            Round512(c, d, e, ref f, g, h, a, ref b, w[6] + Vector512.Create(k[6]));
            Round512(b, c, d, ref e, f, g, h, ref a, w[7] + Vector512.Create(k[7]));
            Round512(a, b, c, ref d, e, f, g, ref h, w[8] + Vector512.Create(k[8]));
            Round512(h, a, b, ref c, d, e, f, ref g, w[9] + Vector512.Create(k[9]));
            Round512(g, h, a, ref b, c, d, e, ref f, w[10] + Vector512.Create(k[10]));
            Round512(f, g, h, ref a, b, c, d, ref e, w[11] + Vector512.Create(k[11]));
            Round512(e, f, g, ref h, a, b, c, ref d, w[12] + Vector512.Create(k[12]));
            Round512(d, e, f, ref g, h, a, b, ref c, w[13] + Vector512.Create(k[13]));
            Round512(c, d, e, ref f, g, h, a, ref b, w[14] + Vector512.Create(k[14]));
            Round512(b, c, d, ref e, f, g, h, ref a, w[15] + Vector512.Create(k[15]));
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    // One round; the caller rotates the roles of the eight working variables instead of moving them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round512(
        Vector512<uint> a, Vector512<uint> b, Vector512<uint> c, ref Vector512<uint> d,
        Vector512<uint> e, Vector512<uint> f, Vector512<uint> g, ref Vector512<uint> h, Vector512<uint> constantPlusWord)
    {
        var bigSigma1 = Avx512F.TernaryLogic(Avx512F.RotateRight(e, 6), Avx512F.RotateRight(e, 11), Avx512F.RotateRight(e, 25), 0x96);
        var choose = Avx512F.TernaryLogic(e, f, g, 0xCA);
        var t1 = h + bigSigma1 + choose + constantPlusWord;
        var bigSigma0 = Avx512F.TernaryLogic(Avx512F.RotateRight(a, 2), Avx512F.RotateRight(a, 13), Avx512F.RotateRight(a, 22), 0x96);
        var majority = Avx512F.TernaryLogic(a, b, c, 0xE8);
        d += t1;
        h = t1 + bigSigma0 + majority;
    }

    // The next 16 schedule words in place: W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Schedule512(Span<Vector512<uint>> w)
    {
        for (var j = 0; j < 16; j++)
        {
            var w15 = w[(j + 1) & 15];
            var w2 = w[(j + 14) & 15];
            var sigma0 = Avx512F.TernaryLogic(Avx512F.RotateRight(w15, 7), Avx512F.RotateRight(w15, 18), Vector512.ShiftRightLogical(w15, 3), 0x96);
            var sigma1 = Avx512F.TernaryLogic(Avx512F.RotateRight(w2, 17), Avx512F.RotateRight(w2, 19), Vector512.ShiftRightLogical(w2, 10), 0x96);
            w[j] += sigma0 + w[(j + 9) & 15] + sigma1;
        }
    }

    // In-register 16×16 transpose: stage s swaps bit s of the row index with bit s of the column index.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16(Span<Vector512<uint>> rows)
    {
        for (var s = 8; s >= 1; s >>= 1)
        {
            var (lowIndices, highIndices) = TransposeStages[BitOperations.Log2((uint)s)];
            for (var i = 0; i < 16; i++)
            {
                if ((i & s) != 0)
                {
                    continue;
                }

                var upper = rows[i];
                var lower = rows[i + s];
                rows[i] = Avx512F.PermuteVar16x32x2(upper, lowIndices, lower);
                rows[i + s] = Avx512F.PermuteVar16x32x2(upper, highIndices, lower);
            }
        }
    }

    // The permutation indices, made once: per transpose stage (indexed by log2 s) and for the byte swap.
    private static readonly (Vector512<uint> Low, Vector512<uint> High)[] TransposeStages = [TransposeIndices(1), TransposeIndices(2), TransposeIndices(4), TransposeIndices(8)];

    private static readonly Vector512<byte> ByteSwap512 = ByteSwapIndices512();

    // For stage s: the row with bit s clear takes column c from itself (bit s of c clear) or from the
    // partner row's column c − s; the partner takes column c + s of the first row or its own column c.
    private static (Vector512<uint> Low, Vector512<uint> High) TransposeIndices(int s)
    {
        Span<uint> low = stackalloc uint[16];
        Span<uint> high = stackalloc uint[16];
        for (var c = 0; c < 16; c++)
        {
            low[c] = (uint)((c & s) == 0 ? c : 16 + c - s);
            high[c] = (uint)((c & s) == 0 ? c + s : 16 + c);
        }

        return (Vector512.Create<uint>(low), Vector512.Create<uint>(high));
    }

    private static Vector512<byte> ByteSwapIndices512()
    {
        Span<byte> indices = stackalloc byte[64];
        for (var i = 0; i < 64; i++)
        {
            // vpshufb indexes within each 128-bit lane.
            indices[i] = (byte)((i & 12) + 3 - (i & 3));
        }

        return Vector512.Create<byte>(indices);
    }

    // 8 padded messages; the schedule is transposed by scalar loads (AVX2 has no two-source permute).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashGroupAvx2(ReadOnlySpan<byte> scratch, int blocks, Span<byte> output)
    {
        var laneLength = blocks * 64;
        Span<Vector256<uint>> state = stackalloc Vector256<uint>[8];
        Span<Vector256<uint>> schedule = stackalloc Vector256<uint>[16];
        Span<uint> words = stackalloc uint[8];
        for (var k = 0; k < 8; k++)
        {
            state[k] = Vector256.Create(InitialState[k]);
        }

        for (var block = 0; block < blocks; block++)
        {
            for (var t = 0; t < 16; t++)
            {
                for (var lane = 0; lane < 8; lane++)
                {
                    words[lane] = BinaryPrimitives.ReadUInt32BigEndian(scratch[((lane * laneLength) + (block * 64) + (4 * t))..]);
                }

                schedule[t] = Vector256.Create<uint>(words);
            }

            CompressAvx2(state, schedule);
        }

        WriteDigests(state, 8, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CompressAvx2(Span<Vector256<uint>> state, Span<Vector256<uint>> w)
    {
        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var e = state[4];
        var f = state[5];
        var g = state[6];
        var h = state[7];
        for (var t = 0; t < 64; t += 16)
        {
            if (t > 0)
            {
                Schedule256(w);
            }

            var k = RoundConstants.AsSpan(t, 16);
            Round256(a, b, c, ref d, e, f, g, ref h, w[0] + Vector256.Create(k[0]));
            Round256(h, a, b, ref c, d, e, f, ref g, w[1] + Vector256.Create(k[1]));
            Round256(g, h, a, ref b, c, d, e, ref f, w[2] + Vector256.Create(k[2]));
            Round256(f, g, h, ref a, b, c, d, ref e, w[3] + Vector256.Create(k[3]));
            Round256(e, f, g, ref h, a, b, c, ref d, w[4] + Vector256.Create(k[4]));
            Round256(d, e, f, ref g, h, a, b, ref c, w[5] + Vector256.Create(k[5]));
            Round256(c, d, e, ref f, g, h, a, ref b, w[6] + Vector256.Create(k[6]));
            Round256(b, c, d, ref e, f, g, h, ref a, w[7] + Vector256.Create(k[7]));
            Round256(a, b, c, ref d, e, f, g, ref h, w[8] + Vector256.Create(k[8]));
            Round256(h, a, b, ref c, d, e, f, ref g, w[9] + Vector256.Create(k[9]));
            Round256(g, h, a, ref b, c, d, e, ref f, w[10] + Vector256.Create(k[10]));
            Round256(f, g, h, ref a, b, c, d, ref e, w[11] + Vector256.Create(k[11]));
            Round256(e, f, g, ref h, a, b, c, ref d, w[12] + Vector256.Create(k[12]));
            Round256(d, e, f, ref g, h, a, b, ref c, w[13] + Vector256.Create(k[13]));
            Round256(c, d, e, ref f, g, h, a, ref b, w[14] + Vector256.Create(k[14]));
            Round256(b, c, d, ref e, f, g, h, ref a, w[15] + Vector256.Create(k[15]));
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round256(
        Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, ref Vector256<uint> d,
        Vector256<uint> e, Vector256<uint> f, Vector256<uint> g, ref Vector256<uint> h, Vector256<uint> constantPlusWord)
    {
        var bigSigma1 = Rotate(e, 6) ^ Rotate(e, 11) ^ Rotate(e, 25);
        var choose = (e & f) ^ Vector256.AndNot(g, e);
        var t1 = h + bigSigma1 + choose + constantPlusWord;
        var bigSigma0 = Rotate(a, 2) ^ Rotate(a, 13) ^ Rotate(a, 22);
        var majority = (a & b) | (c & (a | b));
        d += t1;
        h = t1 + bigSigma0 + majority;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Schedule256(Span<Vector256<uint>> w)
    {
        for (var j = 0; j < 16; j++)
        {
            var w15 = w[(j + 1) & 15];
            var w2 = w[(j + 14) & 15];
            var sigma0 = Rotate(w15, 7) ^ Rotate(w15, 18) ^ Vector256.ShiftRightLogical(w15, 3);
            var sigma1 = Rotate(w2, 17) ^ Rotate(w2, 19) ^ Vector256.ShiftRightLogical(w2, 10);
            w[j] += sigma0 + w[(j + 9) & 15] + sigma1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate(Vector256<uint> x, [ConstantExpected] byte n) =>
        Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);

    // Lane l's digest is word k of state[k], lane l, written big-endian.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteDigests<TVector>(Span<TVector> state, int lanes, Span<byte> output)
        where TVector : unmanaged
    {
        var words = MemoryMarshal.Cast<TVector, uint>(state);
        var count = output.Length / DigestSize;
        for (var lane = 0; lane < count; lane++)
        {
            var digest = output.Slice(lane * DigestSize, DigestSize);
            for (var k = 0; k < 8; k++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(digest[(4 * k)..], words[(k * lanes) + lane]);
            }
        }
    }
}
