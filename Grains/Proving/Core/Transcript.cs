// The Fiat–Shamir transcript (KERNEL.md §5): absorbing sets state ← SHA-256(state ‖ data); draws
// read SHA-256(state ‖ counter) blocks; a base element is 8 bytes little-endian, redrawn if ≥ p.
// Prover and verifier replay the same sequence, so every challenge follows the commitment it must.
using System.Buffers.Binary;
using System.Security.Cryptography;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Core;

public sealed class Transcript
{
    private byte[] _state;
    private ulong _counter;
    private readonly byte[] _block = new byte[32];
    private int _used = 32;

    public Transcript(ReadOnlySpan<byte> seed) => _state = SHA256.HashData(seed);

    public void Absorb(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[32 + data.Length];
        _state.CopyTo(buffer, 0);
        data.CopyTo(buffer.AsSpan(32));
        _state = SHA256.HashData(buffer);
        _counter = 0;
        _used = 32;
    }

    public void Absorb(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Absorb(bytes);
    }

    public void Absorb(ReadOnlySpan<Fp2> values)
    {
        var bytes = new byte[values.Length * 16];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 * i), values[i].C0);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 * i + 8), values[i].C1);
        }

        Absorb(bytes);
    }

    public ulong DrawUInt64()
    {
        if (_used == 32)
        {
            Span<byte> input = stackalloc byte[40];
            _state.CopyTo(input);
            BinaryPrimitives.WriteUInt64LittleEndian(input[32..], _counter++);
            SHA256.HashData(input, _block);
            _used = 0;
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(_used));
        _used += 8;
        return value;
    }

    public ulong DrawBase()
    {
        while (true)
        {
            var value = DrawUInt64();
            if (value < Goldilocks.P)
            {
                return value;
            }
        }
    }

    public Fp2 DrawExtension() => new(DrawBase(), DrawBase());

    /// <summary>A grinding nonce is valid when SHA-256(state ‖ nonce) starts with <paramref name="bits"/> zero bits.</summary>
    public bool IsValidNonce(ulong nonce, int bits)
    {
        Span<byte> input = stackalloc byte[40];
        Span<byte> hash = stackalloc byte[32];
        _state.CopyTo(input);
        BinaryPrimitives.WriteUInt64LittleEndian(input[32..], nonce);
        SHA256.HashData(input, hash);
        return bits == 0 || BinaryPrimitives.ReadUInt64BigEndian(hash) >> (64 - bits) == 0;
    }

    /// <summary>The least nonce that <see cref="IsValidNonce"/> accepts, hashing sixteen candidates at a time.</summary>
    public ulong Grind(int bits)
    {
        if (bits == 0)
        {
            return 0;
        }

        const int Batch = 16;
        Span<byte> inputs = stackalloc byte[Batch * 40];
        Span<byte> hashes = stackalloc byte[Batch * 32];
        for (var i = 0; i < Batch; i++)
        {
            _state.CopyTo(inputs[(40 * i)..]);
        }

        for (ulong first = 0; ; first += Batch)
        {
            for (var i = 0; i < Batch; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(inputs[((40 * i) + 32)..], first + (ulong)i);
            }

            Merkle.Sha256Lanes.Hash(inputs, 40, hashes);
            for (var i = 0; i < Batch; i++)
            {
                if (BinaryPrimitives.ReadUInt64BigEndian(hashes[(32 * i)..]) >> (64 - bits) == 0)
                {
                    return first + (ulong)i;
                }
            }
        }
    }
}
