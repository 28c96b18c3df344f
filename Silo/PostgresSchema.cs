// The tables, functions and queries Orleans' ADO.NET clustering and grain storage need in PostgreSQL:
// Orleans' own scripts (Sql/, MIT, shipped with their licence because the NuGet packages do not carry
// them), applied once each: a script whose first table exists already is skipped, so `provsim db init`
// may run any number of times.
using System.Reflection;
using Npgsql;

namespace ProverSim.Silo;

public static class PostgresSchema
{
    /// <summary>Each script, in the order they must run, with the table that shows it has run.</summary>
    public static readonly IReadOnlyList<(string Script, string Table)> Scripts =
    [
        ("PostgreSQL-Main.sql", "orleansquery"),
        ("PostgreSQL-Clustering.sql", "orleansmembershiptable"),
        ("PostgreSQL-Persistence.sql", "orleansstorage"),
    ];

    /// <summary>Applies the scripts not applied yet; returns what it did with each, for the console.</summary>
    public static async Task<IReadOnlyList<string>> InitAsync(ClusterAddress address, CancellationToken cancellationToken = default)
    {
        if (address.Store != ClusterStore.Postgres)
        {
            throw new ClusterAddressException($"{address.Display}: only a PostgreSQL cluster has a schema to create (Redis needs none)");
        }

        await using var connection = new NpgsqlConnection(address.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var done = new List<string>();
        foreach (var (script, table) in Scripts)
        {
            await using (var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection))
            {
                exists.Parameters.AddWithValue("table", table);
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                {
                    done.Add($"{script}: already applied ({table} exists)");
                    continue;
                }
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var apply = new NpgsqlCommand(Read(script), connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            done.Add($"{script}: applied");
        }

        return done;
    }

    private static string Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"ProverSim.Sql.{script}")
            ?? throw new InvalidOperationException($"the Orleans script {script} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
