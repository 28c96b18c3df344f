// The ledger grain: a thin actor over Protocol/Ledger. Batches arrive already in canonical order from
// the Simulation grain; each is applied once per operation key and persisted.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Ledger;

public sealed class LedgerGrain(
    [PersistentState("ledger", "simulation")] IPersistentState<LedgerState> state) : Grain, ILedgerGrain
{
    private Protocol.Ledger _ledger = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        _ledger = Protocol.Ledger.Restore(
            s.Minted,
            s.Burned,
            s.Balances.Select(b => KeyValuePair.Create(b.Account, b.Balance)),
            s.Credits.Select(c => KeyValuePair.Create((c.Account, c.Kind), c.Amount)),
            s.Debits.Select(d => KeyValuePair.Create((d.Account, d.Kind), d.Amount)));
        return Task.CompletedTask;
    }

    public async Task ApplyAsync(string operation, ImmutableArray<LedgerEntry> entries)
    {
        if (state.State.Applied.Contains(operation))
        {
            return;
        }

        try
        {
            _ledger.Apply(entries);
        }
        catch (LedgerException e)
        {
            throw new LedgerRejectedException($"ledger operation '{operation}' rejected: {e.Message}");
        }

        state.State.Minted = _ledger.Minted;
        state.State.Burned = _ledger.Burned;
        state.State.Balances = [.. _ledger.Balances.Select(b => (b.Key, b.Value))];
        state.State.Credits = [.. _ledger.Credits.Select(c => (c.Key.Account, c.Key.Kind, c.Value))];
        state.State.Debits = [.. _ledger.Debits.Select(d => (d.Key.Account, d.Key.Kind, d.Value))];
        state.State.Applied.Add(operation);
        await state.WriteStateAsync();
    }

    public Task<LedgerView> ViewAsync() => Task.FromResult(new LedgerView(
        _ledger.Minted,
        _ledger.Burned,
        [.. _ledger.Balances.Select(b => (b.Key, b.Value))],
        [.. _ledger.Credits.Select(c => (c.Key.Account, c.Key.Kind, c.Value))],
        [.. _ledger.Debits.Select(d => (d.Key.Account, d.Key.Kind, d.Value))]));
}
