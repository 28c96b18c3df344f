// A standalone ProverSim silo (embedded configuration: localhost clustering, in-memory storage).
// `provsim run` hosts the same silo in-process; use this host to inspect the grains with a client.
using Microsoft.Extensions.Hosting;
using ProverSim.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseEmbedded());
await builder.Build().RunAsync();
