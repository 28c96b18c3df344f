// Grains receive the protocol parameters over the wire through a surrogate: every parameter of the table,
// set away from its default, must arrive as it was sent (a parameter the surrogate forgot would arrive as
// its default and silently change the protocol a grain runs).
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Actors;

[Collection(ClusterCollection.Name)]
public sealed class ParameterSerializationTests(ClusterFixture fixture)
{
    [Fact]
    public void EveryParameterSurvivesTheWire()
    {
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        var defaults = new ProtocolParameters();
        foreach (var parameter in ProtocolParameterTable.All)
        {
            var changed = parameter switch
            {
                NumberParameter n => n.Set(defaults, n.Get(defaults) == n.Max ? n.Min : n.Max),
                ChoiceParameter c => c.Set(defaults, c.Choices.First(choice => choice != c.Get(defaults))),
                _ => defaults with { K = 2, TiersPpm = [700_000, 300_000] },
            };
            Assert.NotEqual(parameter.Default, parameter.Show(changed));

            var received = serializer.Deserialize<ProtocolParameters>(serializer.SerializeToArray(changed)) ?? throw new InvalidOperationException("nothing deserialized");
            Assert.All(ProtocolParameterTable.All, p => Assert.Equal(p.Show(changed), p.Show(received)));
        }
    }
}
