using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Threads.Grains.Storage.Sqlite;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>A real SQLite database file in a temporary folder, shared by a test class and deleted at its end.</summary>
public sealed class SqliteDatabaseFixture : IDisposable
{
    public SqliteDatabaseFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "threads-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "threads.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public string ConnectionString => $"Data Source={DatabasePath}";

    /// <summary>
    /// A new store over the file (not yet initialized). Its writer's idle delays run on <paramref name="time"/>, by default
    /// a fake clock that never moves: no tail is folded on a timer unless the test moves the clock.
    /// </summary>
    public SqliteThreadStore NewStore(SqliteDurability durability = SqliteDurability.Full, int maxBatchSize = 512, int foldSize = 256, TimeProvider? time = null) =>
        new(
            Options.Create(new SqliteStorageOptions { ConnectionString = ConnectionString, Durability = durability, MaxBatchSize = maxBatchSize, FoldSize = foldSize }),
            NullLogger<SqliteThreadStore>.Instance,
            time ?? TestClock.Create());

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
