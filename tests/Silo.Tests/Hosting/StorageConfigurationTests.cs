using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Memory;
using Threads.Grains.Storage.Postgres;
using Threads.Grains.Storage.Sqlite;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Hosting;

/// <summary>The silo picks its store from <c>Threads:Storage</c>.</summary>
public sealed class StorageConfigurationTests
{
    private const string PostgresVariable = "THREADS_TEST_POSTGRES";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Provider_Memory_UsesMemoryStore()
    {
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Memory";
        });
        await cluster.DeployAsync(Ct);

        Assert.IsType<MemoryThreadStore>(cluster.Silos[0].Services.GetRequiredService<IThreadStore>());
    }

    [Fact]
    public async Task Provider_Sqlite_BindsConnectionStringAndProviderOptions()
    {
        var directory = Directory.CreateTempSubdirectory("threads-config-");
        var path = Path.Combine(directory.FullName, "sub", "threads.db");
        await using (var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Sqlite";
            o.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={path}";
            o.Configuration["Threads:Storage:Sqlite:Durability"] = "Normal";
        }))
        {
            await cluster.DeployAsync(Ct);
            var services = cluster.Silos[0].Services;

            Assert.IsType<SqliteThreadStore>(services.GetRequiredService<IThreadStore>());
            var options = services.GetRequiredService<IOptions<SqliteStorageOptions>>().Value;
            Assert.Equal(SqliteDurability.Normal, options.Durability);
            Assert.Contains(path, options.ConnectionString, StringComparison.Ordinal);
            Assert.True(File.Exists(path));
        }

        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Provider_PostgresWithoutConnectionString_FailsAtStart()
    {
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Postgres";
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => cluster.DeployAsync(Ct));

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_Unknown_FailsAtStart()
    {
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Cassandra";
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.DeployAsync(Ct));
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Provider_Postgres_TwoSilosShareTheDatabase()
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            Assert.SkipWhen(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"{PostgresVariable} is not set (.ci/run starts a PostgreSQL and sets it).");
            Assert.Fail($"CI=true and {PostgresVariable} is not set.");
        }

        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 2;
            o.Configuration["Threads:Storage:Provider"] = "Postgres";
            o.Configuration["Threads:Storage:ConnectionString"] = connectionString;
            o.Configuration["Threads:Storage:Postgres:Schema"] = "silo_" + Guid.NewGuid().ToString("N")[..12];
        });
        await cluster.DeployAsync(Ct);
        Assert.IsType<PostgresThreadStore>(cluster.Silos[0].Services.GetRequiredService<IThreadStore>());

        await cluster.Silos[0].Client.GetThread("default", "pg").CreateAsync(new CreateThreadRequest { Title = "in postgres" }, Ct);
        await cluster.Silos[1].Client.GetThread("default", "pg")
            .AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "hello")] }, cancellationToken: Ct);

        var thread = await cluster.Silos[0].Client.GetThread("default", "pg").GetAsync(1, Ct);
        Assert.Equal("in postgres", thread.Title);
        Assert.Equal(1, thread.LastSeq);
    }
}
