// A grain that keeps part of a slot in memory until the slot's end (the ledger's uncommitted batches,
// the mempool's reveals) learns from the clock when each slot begins. An activation that did not see the
// slot in flight begin — its silo stopped, or it moved, after the slot started — may have lost that
// part, so it refuses to go on with the slot: the slot fails and is run again from the committed state,
// and every caller sends its part again.
namespace ProverSim.Grains.Actors;

[GenerateSerializer, Alias("provsim.SlotStateLostException")]
public sealed class SlotStateLostException : Exception
{
    public SlotStateLostException()
    {
    }

    public SlotStateLostException(string message) : base(message)
    {
    }

    public SlotStateLostException(string message, Exception inner) : base(message, inner)
    {
    }
}
