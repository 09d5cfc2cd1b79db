using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>The search contract on a real SQLite file: its FTS5 index behind the grains.</summary>
public sealed class SqliteSearchContractTests(SqliteDatabaseFixture database) : SearchContractTests, IClassFixture<SqliteDatabaseFixture>, IAsyncDisposable
{
    private readonly SqliteGrainHost _host = new(database);

    protected override IThreadsClient Grains => _host.Grains;

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
