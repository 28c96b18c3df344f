// A standalone ProverSim silo (embedded configuration: localhost clustering, in-memory storage).
// `provsim run` hosts the same silo in-process; it does not connect to a standalone one (yet): this host
// serves Orleans clients of its own, on the ports Orleans uses by default.
using Microsoft.Extensions.Hosting;
using ProverSim.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseEmbedded());
await builder.Build().RunAsync();
