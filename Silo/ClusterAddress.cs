// Where a cluster keeps its membership and its grain state: a Redis server or a PostgreSQL database,
// named by a URL. The silos and `provsim` clients of one cluster give the same address. Memory storage
// is no cluster's: it dies with its silo.
using Npgsql;
using StackExchange.Redis;

namespace ProverSim.Silo;

public enum ClusterStore
{
    Redis,
    Postgres,
}

/// <summary>A cluster address: its store, the connection string its client library takes, and a form safe to print (no password).</summary>
public sealed record ClusterAddress(ClusterStore Store, string ConnectionString, string Display)
{
    // A Redis address's client settings, built field by field (a password may hold ',' or '=').
    private ConfigurationOptions? _redis;

    /// <summary>A fresh copy of a Redis address's client settings (each provider gets its own).</summary>
    public ConfigurationOptions RedisConfiguration() =>
        _redis?.Clone() ?? throw new InvalidOperationException($"{Display} is not a Redis address");

    /// <summary>Connections each process keeps to PostgreSQL at most (Npgsql's "Maximum Pool Size"), unless the address says otherwise.</summary>
    public const int DefaultMaxPoolSize = 20;

    public const string Forms = "redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE";

    /// <summary>Reads a cluster URL; a bad one throws <see cref="ClusterAddressException"/> saying what is allowed.</summary>
    public static ClusterAddress Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ClusterAddressException($"'{text}' is not a cluster address; give {Forms}");
        }

        return uri.Scheme switch
        {
            "redis" => Redis(uri),
            "postgres" or "postgresql" => Postgres(uri),
            "memory" => throw new ClusterAddressException(
                $"'{text}': memory storage cannot survive a silo, so no cluster uses it (run without --cluster for the embedded silo); give {Forms}"),
            _ => throw new ClusterAddressException($"'{text}': unknown store '{uri.Scheme}'; give {Forms}"),
        };
    }

    private static ClusterAddress Redis(Uri uri)
    {
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && (!int.TryParse(path, out var db) || db < 0))
        {
            throw new ClusterAddressException($"'{uri}': the Redis database must be a number (redis://HOST:PORT/DB), got '{path}'");
        }

        var options = new List<string> { $"{uri.Host}:{port}", "abortConnect=false" };
        var configuration = new ConfigurationOptions { AbortOnConnectFail = false };
        configuration.EndPoints.Add(uri.Host, port);
        if (path.Length > 0)
        {
            options.Add($"defaultDatabase={path}");
            configuration.DefaultDatabase = int.Parse(path, System.Globalization.CultureInfo.InvariantCulture);
        }

        // redis://[USER]:PASSWORD@HOST: an ACL user (Redis 6+) and its password, or the password alone.
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[0]);
        var password = uri.UserInfo.Split(':', 2) is [_, var p] ? Uri.UnescapeDataString(p) : "";
        if (password.Length > 0)
        {
            options.Add("password=…");
            configuration.Password = password;
        }

        if (user.Length > 0 && password.Length > 0)
        {
            configuration.User = user;
        }

        return new ClusterAddress(ClusterStore.Redis, string.Join(',', options), $"redis://{uri.Host}:{port}{(path.Length > 0 ? "/" + path : "")}") { _redis = configuration };
    }

    private static ClusterAddress Postgres(Uri uri)
    {
        var database = uri.AbsolutePath.Trim('/');
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[0]);
        if (database.Length == 0 || user.Length == 0)
        {
            throw new ClusterAddressException($"'{Hide(uri)}': a PostgreSQL address names its user and database (postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = user,
            Database = database,
        };
        if (uri.UserInfo.Split(':', 2) is [_, var password])
        {
            builder.Password = Uri.UnescapeDataString(password);
        }

        // A pool small enough that a few silos and a client fit under PostgreSQL's default 100
        // connections; any Npgsql setting may be given as a query parameter (…/db?Maximum Pool Size=50).
        builder.MaxPoolSize = DefaultMaxPoolSize;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (Uri.UnescapeDataString(pair), "");
            try
            {
                builder[key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new ClusterAddressException($"'{Hide(uri)}': '{key}={value}' is not an Npgsql connection setting ({e.Message})");
            }
        }

        return new ClusterAddress(ClusterStore.Postgres, builder.ConnectionString, $"postgres://{user}@{uri.Host}:{builder.Port}/{database}");
    }

    private static string Hide(Uri uri) => uri.UserInfo.Length == 0 ? uri.ToString() : uri.ToString().Replace(uri.UserInfo + "@", uri.UserInfo.Split(':')[0] + ":…@", StringComparison.Ordinal);
}

/// <summary>A cluster address that cannot be used, with what is allowed.</summary>
public sealed class ClusterAddressException(string message) : Exception(message);
