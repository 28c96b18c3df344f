// `provsim db init --cluster postgres://…`: creates what Orleans' ADO.NET clustering and grain storage
// need in a PostgreSQL database (Orleans' own scripts), idempotently. Redis needs nothing created.
using System.CommandLine;
using Npgsql;
using ProverSim.Scenarios.Running;
using ProverSim.Silo;

namespace ProverSim.Scenarios.Commands;

public static class DbCommand
{
    public static Command Create()
    {
        var cluster = new Option<string>("--cluster") { Description = "The PostgreSQL database of the cluster: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.", Required = true };
        var init = new Command("init", "Create the tables, functions and queries Orleans needs in the cluster's PostgreSQL database (safe to run again).\nExample: provsim db init --cluster postgres://provsim@127.0.0.1:5432/provsim")
        {
            cluster,
        };
        init.SetAction(async (parse, cancellationToken) =>
        {
            var address = ClusterConnection.Parse(parse.GetValue(cluster)!);
            try
            {
                foreach (var line in await PostgresSchema.InitAsync(address, cancellationToken))
                {
                    Console.WriteLine(line);
                }
            }
            catch (ClusterAddressException e)
            {
                throw new InputError($"--cluster: {e.Message}");
            }
            catch (Exception e) when (e is NpgsqlException or PostgresException)
            {
                Console.Error.WriteLine($"provsim: db init: {address.Display}: {e.Message}");
                return 1;
            }

            return 0;
        });
        return new Command("db", "Prepare a cluster's database.\nExample: provsim db init --cluster postgres://provsim:secret@127.0.0.1:5432/provsim") { init };
    }
}
