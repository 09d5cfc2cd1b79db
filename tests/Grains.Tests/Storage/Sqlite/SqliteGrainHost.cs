using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>A grain runtime over the fixture's SQLite file with a manual clock.</summary>
internal sealed class SqliteGrainHost(SqliteDatabaseFixture database) : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
        .AddSingleton<TimeProvider>(new ManualTimeProvider())
        .AddThreadsGrains()
        .AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString)
        .BuildServiceProvider();

    public IServiceProvider Services => _services;

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public ManualTimeProvider Clock => (ManualTimeProvider)_services.GetRequiredService<TimeProvider>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
