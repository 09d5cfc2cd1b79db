using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Threads.Grains.Storage;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>Grains hosted as a silo hosts them, over a PostgreSQL store in the fixture's schema for <c>purpose</c>, with a manual clock.</summary>
internal sealed class PostgresGrainHost : IAsyncDisposable
{
    private readonly PostgresDatabaseFixture _database;
    private readonly ServiceCollection _registrations = [];
    private TestSilo? _services;

    public PostgresGrainHost(PostgresDatabaseFixture database, string purpose)
    {
        var connectionString = database.ConnectionString ?? string.Empty;
        var schema = database.Schema(purpose);
        var services = _registrations;
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddThreadsGrains();
        services.AddThreadsPostgresStorage(o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
        });
        _database = database;
    }

    public FakeTimeProvider Clock { get; } = TestClock.Create();

    public IThreadsClient Grains => Silo.Grains.AsThreadsClient();

    public IThreadStore Store => Silo.GetRequiredService<IThreadStore>();

    private TestSilo Silo => _services ?? throw new InvalidOperationException("Initialize the host first.");

    /// <summary>Skips the test without a PostgreSQL, else starts the silo (which checks its options) and creates the schema.</summary>
    public async ValueTask InitializeAsync()
    {
        _database.RequireConnectionString();
        _services = _registrations.StartTestSilo();
        await Store.InitializeAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
