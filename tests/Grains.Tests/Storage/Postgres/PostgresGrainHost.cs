using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains.Storage;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>Grains hosted as a silo hosts them, over a PostgreSQL store in the fixture's schema for <c>purpose</c>, with a manual clock.</summary>
internal sealed class PostgresGrainHost : IAsyncDisposable
{
    private readonly PostgresDatabaseFixture _database;
    private readonly ServiceProvider _services;

    public PostgresGrainHost(PostgresDatabaseFixture database, string purpose)
    {
        var connectionString = database.ConnectionString ?? string.Empty;
        var schema = database.Schema(purpose);
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddThreadsGrains();
        services.AddThreadsPostgresStorage(o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
        });
        _services = services.BuildServiceProvider();
        _database = database;
    }

    public ManualTimeProvider Clock { get; } = new();

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public IThreadStore Store => _services.GetRequiredService<IThreadStore>();

    public async ValueTask InitializeAsync()
    {
        _database.RequireConnectionString();
        await Store.InitializeAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
