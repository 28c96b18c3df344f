// Evaluation columns of one proof, rented from the shared array pool and returned when the proof is
// made, so that a prover proving many small jobs reuses its buffers (the pool keeps them per thread).
// Every column is written whole before it is read: a rented buffer's old contents never reach a proof.
using System.Buffers;

namespace ProverSim.Grains.Proving.Stark;

internal sealed class PooledColumns(int length, int capacity) : IDisposable
{
    private readonly List<ulong[]> _rented = new(capacity);

    /// <summary>count columns of exactly the length given (the pool's power-of-two sizes match a domain's).</summary>
    public ulong[][] Take(int count)
    {
        var columns = new ulong[count][];
        for (var i = 0; i < count; i++)
        {
            var column = ArrayPool<ulong>.Shared.Rent(length);
            if (column.Length != length)
            {
                ArrayPool<ulong>.Shared.Return(column);
                column = new ulong[length];
            }
            else
            {
                _rented.Add(column);
            }

            columns[i] = column;
        }

        return columns;
    }

    public void Dispose()
    {
        foreach (var column in _rented)
        {
            ArrayPool<ulong>.Shared.Return(column);
        }

        _rented.Clear();
    }
}
