using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>A grain runtime over the fixture's SQLite file with a manual clock.</summary>
internal sealed class SqliteGrainHost(SqliteDatabaseFixture database) : IAsyncDisposable
{
    private readonly TestSilo _services = new ServiceCollection()
        .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
        .AddSingleton<TimeProvider>(TestClock.Create())
        .AddThreadsGrains()
        .AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString)
        .StartTestSilo();

    public IServiceProvider Services => _services;

    public IThreadsClient Grains => _services.Grains.AsThreadsClient();

    public FakeTimeProvider Clock => (FakeTimeProvider)_services.GetRequiredService<TimeProvider>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
