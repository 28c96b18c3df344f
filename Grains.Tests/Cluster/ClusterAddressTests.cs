// Cluster addresses: what each form connects to, that a password never reaches the printed form, and
// that a bad one says what is allowed.
using ProverSim.Silo;

namespace ProverSim.Grains.Tests.Cluster;

public sealed class ClusterAddressTests
{
    [Fact]
    public void RedisAddressesNameHostPortDatabaseUserAndPassword()
    {
        var plain = ClusterAddress.Parse("redis://127.0.0.1");
        Assert.Equal((ClusterStore.Redis, "127.0.0.1:6379,abortConnect=false", "redis://127.0.0.1:6379"), (plain.Store, plain.ConnectionString, plain.Display));

        var full = ClusterAddress.Parse("redis://:s3cret@cache.local:6390/2");
        Assert.Equal("cache.local:6390,abortConnect=false,defaultDatabase=2,password=…", full.ConnectionString);
        Assert.Equal("redis://cache.local:6390/2", full.Display);
        var options = full.RedisConfiguration();
        var endpoint = Assert.IsType<System.Net.DnsEndPoint>(options.EndPoints.Single());
        Assert.Equal(("cache.local", 6390, 2, "s3cret", (string?)null), (endpoint.Host, endpoint.Port, options.DefaultDatabase, options.Password, options.User));

        // A password may hold what the Redis client's configuration strings cannot; an ACL user is kept.
        var acl = ClusterAddress.Parse("redis://sim:a%2Cb%3Dc@h").RedisConfiguration();
        Assert.Equal(("a,b=c", "sim"), (acl.Password, acl.User));
    }

    [Fact]
    public void PostgresAddressesBecomeNpgsqlSettingsWithABoundedPool()
    {
        var address = ClusterAddress.Parse("postgres://provsim:p%40ss@db.local/sim");
        Assert.Equal(ClusterStore.Postgres, address.Store);
        Assert.Equal("postgres://provsim@db.local:5432/sim", address.Display);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(address.ConnectionString);
        Assert.Equal(("db.local", 5432, "provsim", "p@ss", "sim", 20), (settings.Host, settings.Port, settings.Username, settings.Password, settings.Database, settings.MaxPoolSize));

        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(ClusterAddress.Parse("postgresql://u@h:6000/d?Maximum%20Pool%20Size=50&Timeout=3").ConnectionString);
        Assert.Equal((6000, 50, 3), (tuned.Port, tuned.MaxPoolSize, tuned.Timeout));
    }

    [Theory]
    [InlineData("memory://local", "memory storage cannot survive a silo")]
    [InlineData("mysql://h/db", "unknown store 'mysql'")]
    [InlineData("redis://h/abc", "the Redis database must be a number")]
    [InlineData("postgres://h:5432/", "a PostgreSQL address names its user and database")]
    [InlineData("postgres://u@h/d?Bogus=1", "'Bogus=1' is not an Npgsql connection setting")]
    [InlineData("localhost:6379", "is not a cluster address")]
    public void ABadAddressSaysWhatIsAllowed(string text, string reason)
    {
        var error = Assert.Throws<ClusterAddressException>(() => ClusterAddress.Parse(text));
        Assert.Contains(reason, error.Message);
    }
}
