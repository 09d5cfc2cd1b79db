using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Storage.Postgres;
using Threads.Grains.Tests.Storage.Postgres;

[assembly: AssemblyFixture(typeof(PostgresDatabaseFixture))]

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>
/// The PostgreSQL server named by THREADS_TEST_POSTGRES (.ci/run starts one), shared by every test of the assembly.
/// Each test class works in schemas of its own, dropped at the end. Without the variable the tests are skipped, except
/// on CI (CI=true), where a missing database is a failure rather than a silent skip.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncDisposable
{
    public const string Variable = "THREADS_TEST_POSTGRES";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly Lock _lock = new();
    private readonly List<string> _schemas = [];

    public string? ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The connection string; skips the calling test (fails it on CI) when there is no server.</summary>
    public string RequireConnectionString()
    {
        if (ConnectionString is { } connectionString)
        {
            return connectionString;
        }

        var message = $"PostgreSQL tests need a server: {Variable} is not set (.ci/run starts one and sets it).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + " CI=true, so this is a failure.");
        }

        Assert.Skip(message);
        return string.Empty;
    }

    /// <summary>The schema of this run for <paramref name="purpose"/> (the same name for the same purpose), dropped when the fixture is disposed.</summary>
    public string Schema(string purpose)
    {
        var schema = $"t{_run}_{purpose}".ToLowerInvariant();
        lock (_lock)
        {
            if (!_schemas.Contains(schema))
            {
                _schemas.Add(schema);
            }
        }

        return schema;
    }

    /// <summary>A new store over <paramref name="schema"/>, not yet initialized.</summary>
    public PostgresThreadStore NewStore(string schema, Action<PostgresStorageOptions>? configure = null)
    {
        var options = new PostgresStorageOptions { ConnectionString = RequireConnectionString(), Schema = schema };
        configure?.Invoke(options);
        return new PostgresThreadStore(Options.Create(options), NullLogger<PostgresThreadStore>.Instance);
    }

    /// <summary>A new store over <paramref name="schema"/>, initialized.</summary>
    public async Task<PostgresThreadStore> NewInitializedStoreAsync(string schema, Action<PostgresStorageOptions>? configure = null)
    {
        var store = NewStore(schema, configure);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString is null || _schemas.Count == 0)
        {
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        foreach (var schema in _schemas)
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
