using Npgsql;
using Threads.Grains.Storage.Postgres.Clustering;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>
/// The tables, functions and queries Orleans' ADO.NET clustering provider needs: created by silos starting at once,
/// kept when run again, and the conditional writes behave as the membership protocol requires.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresClusteringSchemaTests(PostgresDatabaseFixture database)
{
    // Every key Microsoft.Orleans.Clustering.AdoNet 10.4.2 reads from OrleansQuery: the nine properties of its
    // DbStoredQueries (it refuses to start if one is missing) and the optional per-row clean-up it prefers when present.
    private static readonly string[] ProviderQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey",
        "DeleteMembershipTableEntriesKey",
        "GatewaysQueryKey",
        "InsertMembershipKey",
        "InsertMembershipVersionKey",
        "MembershipReadAllKey",
        "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey",
        "UpdateMembershipKey",
    ];

    private static readonly string[] Tables = ["orleansmembershiptable", "orleansmembershipversiontable", "orleansquery"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureCreatedAsync_TwiceAtOnce_CreatesTheTablesAndEveryQueryKey()
    {
        var connectionString = await NewSchemaAsync("cluster_create");

        await Task.WhenAll(
            PostgresClusteringSchema.EnsureCreatedAsync(connectionString, Ct),
            PostgresClusteringSchema.EnsureCreatedAsync(connectionString, Ct));

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var tables = dataSource.CreateCommand(
            "SELECT array_agg(table_name::text ORDER BY table_name) FROM information_schema.tables WHERE table_schema = current_schema()"))
        {
            Assert.Equal(Tables, (string[])(await tables.ExecuteScalarAsync(Ct))!);
        }

        // The provider's own query, as it sends it.
        await using var queries = dataSource.CreateCommand("SELECT QueryKey, QueryText FROM OrleansQuery");
        var texts = new Dictionary<string, string>();
        await using (var reader = await queries.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                texts.Add(reader.GetString(0), reader.GetString(1));
            }
        }

        Assert.Equal(ProviderQueryKeys, texts.Keys.Order(StringComparer.Ordinal));
        Assert.All(texts.Values, text => Assert.False(string.IsNullOrWhiteSpace(text)));
    }

    [Fact]
    public async Task EnsureCreatedAsync_RunAgainOverMembership_KeepsTheRowsAndRestoresEditedQueries()
    {
        var connectionString = await NewSchemaAsync("cluster_again");
        await PostgresClusteringSchema.EnsureCreatedAsync(connectionString, Ct);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.True(await RunQueryAsync<bool>(dataSource, "InsertMembershipVersionKey", ("DeploymentId", "cluster-a")));
        Assert.False(await RunQueryAsync<bool>(dataSource, "InsertMembershipVersionKey", ("DeploymentId", "cluster-a")));
        Assert.True(await InsertSiloAsync(dataSource, "cluster-a", generation: 1, version: 0));
        await using (var edit = dataSource.CreateCommand("UPDATE OrleansQuery SET QueryText = 'broken' WHERE QueryKey = 'GatewaysQueryKey'"))
        {
            await edit.ExecuteNonQueryAsync(Ct);
        }

        await Task.WhenAll(
            PostgresClusteringSchema.EnsureCreatedAsync(connectionString, Ct),
            PostgresClusteringSchema.EnsureCreatedAsync(connectionString, Ct));

        await using (var versions = dataSource.CreateCommand("SELECT DeploymentId, Version FROM OrleansMembershipVersionTable"))
        await using (var reader = await versions.ExecuteReaderAsync(Ct))
        {
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal(("cluster-a", 1), (reader.GetString(0), reader.GetInt32(1)));
            Assert.False(await reader.ReadAsync(Ct));
        }

        await using (var members = dataSource.CreateCommand("SELECT count(*) FROM OrleansMembershipTable"))
        {
            Assert.Equal(1L, await members.ExecuteScalarAsync(Ct));
        }

        await using var gateways = await CommandForAsync(dataSource, "GatewaysQueryKey", ("DeploymentId", "cluster-a"), ("Status", 3));
        Assert.Equal(30000, await ReadProxyPortAsync(gateways));
    }

    [Fact]
    public async Task InsertMembershipKey_StaleVersionOrExistingSilo_ReturnsFalseAndLeavesTheVersion()
    {
        var connectionString = await NewSchemaAsync("cluster_cas");
        await PostgresClusteringSchema.EnsureCreatedAsync(connectionString, Ct);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await RunQueryAsync<bool>(dataSource, "InsertMembershipVersionKey", ("DeploymentId", "cluster-b"));

        Assert.True(await InsertSiloAsync(dataSource, "cluster-b", generation: 1, version: 0));
        Assert.False(await InsertSiloAsync(dataSource, "cluster-b", generation: 2, version: 0));
        Assert.False(await InsertSiloAsync(dataSource, "cluster-b", generation: 1, version: 1));
        Assert.True(await InsertSiloAsync(dataSource, "cluster-b", generation: 2, version: 1));

        await using var version = dataSource.CreateCommand("SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = 'cluster-b'");
        Assert.Equal(2, await version.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task UpdateMembershipKey_StaleVersionOrMissingSilo_ReturnsFalseAndLeavesTheVersion()
    {
        var connectionString = await NewSchemaAsync("cluster_update");
        await PostgresClusteringSchema.EnsureCreatedAsync(connectionString, Ct);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await RunQueryAsync<bool>(dataSource, "InsertMembershipVersionKey", ("DeploymentId", "cluster-c"));
        Assert.True(await InsertSiloAsync(dataSource, "cluster-c", generation: 1, version: 0));

        Assert.False(await UpdateSiloAsync(dataSource, "cluster-c", generation: 1, version: 0));
        Assert.False(await UpdateSiloAsync(dataSource, "cluster-c", generation: 9, version: 1));
        Assert.True(await UpdateSiloAsync(dataSource, "cluster-c", generation: 1, version: 1));

        await using var row = dataSource.CreateCommand(
            "SELECT m.Status, v.Version FROM OrleansMembershipTable m JOIN OrleansMembershipVersionTable v USING (DeploymentId)");
        await using var reader = await row.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal((6, 2), (reader.GetInt32(0), reader.GetInt32(1)));
    }

    // A schema of its own for the test (dropped by the fixture), and a connection string whose search_path is it: the
    // script and the provider's queries are unqualified.
    private async Task<string> NewSchemaAsync(string purpose)
    {
        var schema = database.Schema(purpose);
        var connectionString = database.RequireConnectionString();
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var create = dataSource.CreateCommand($"CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
        {
            await create.ExecuteNonQueryAsync(Ct);
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }

    private static Task<bool> InsertSiloAsync(NpgsqlDataSource dataSource, string deploymentId, int generation, int version) =>
        RunQueryAsync<bool>(
            dataSource,
            "InsertMembershipKey",
            ("DeploymentId", deploymentId),
            ("Address", "127.0.0.1"),
            ("Port", 11111),
            ("Generation", generation),
            ("SiloName", "silo"),
            ("HostName", "host"),
            ("Status", 3),
            ("ProxyPort", 30000),
            ("StartTime", DateTime.UnixEpoch),
            ("IAmAliveTime", DateTime.UnixEpoch),
            ("Version", version));

    private static Task<bool> UpdateSiloAsync(NpgsqlDataSource dataSource, string deploymentId, int generation, int version) =>
        RunQueryAsync<bool>(
            dataSource,
            "UpdateMembershipKey",
            ("DeploymentId", deploymentId),
            ("Address", "127.0.0.1"),
            ("Port", 11111),
            ("Generation", generation),
            ("Status", 6),
            ("SuspectTimes", DBNull.Value),
            ("IAmAliveTime", DateTime.UnixEpoch.AddSeconds(1)),
            ("Version", version));

    // Runs a stored query the way the provider does: its text, parameters bound by name.
    private static async Task<T> RunQueryAsync<T>(NpgsqlDataSource dataSource, string key, params (string Name, object Value)[] parameters)
    {
        await using var command = await CommandForAsync(dataSource, key, parameters);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<NpgsqlCommand> CommandForAsync(NpgsqlDataSource dataSource, string key, params (string Name, object Value)[] parameters)
    {
        await using var lookup = dataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1");
        lookup.Parameters.Add(new NpgsqlParameter { Value = key });
        var text = (string)(await lookup.ExecuteScalarAsync(Ct))!;
        var command = dataSource.CreateCommand(text);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ReadProxyPortAsync(NpgsqlCommand gateways)
    {
        await using var reader = await gateways.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return reader.GetInt32(reader.GetOrdinal("ProxyPort"));
    }
}
