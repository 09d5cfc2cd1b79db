using Microsoft.Extensions.Time.Testing;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>The grain contracts on a real SQLite file: what users get from the default silo.</summary>
public sealed class SqliteThreadGrainContractTests(SqliteDatabaseFixture database) : ThreadGrainContractTests, IClassFixture<SqliteDatabaseFixture>, IAsyncDisposable
{
    private readonly SqliteGrainHost _host = new(database);

    protected override IThreadsClient Grains => _host.Grains;

    protected override FakeTimeProvider Clock => _host.Clock;

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
