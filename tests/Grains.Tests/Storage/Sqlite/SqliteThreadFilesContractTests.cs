using Microsoft.Extensions.Time.Testing;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>The files, import and cleanup contract on a real SQLite file.</summary>
public sealed class SqliteThreadFilesContractTests(SqliteDatabaseFixture database) : ThreadFilesContractTests, IClassFixture<SqliteDatabaseFixture>, IAsyncDisposable
{
    private readonly SqliteGrainHost _host = new(database);

    protected override IThreadsClient Grains => _host.Grains;

    protected override FakeTimeProvider Clock => _host.Clock;

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
