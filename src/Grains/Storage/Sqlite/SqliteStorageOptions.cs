using System.ComponentModel.DataAnnotations;

namespace Threads.Grains.Storage.Sqlite;

/// <summary>Where and how the SQLite store keeps threads.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The configuration section of the store's own settings (its connection string is <c>Threads:Storage:ConnectionString</c>).</summary>
    public const string SectionName = "Threads:Storage:Sqlite";

    /// <summary>The Microsoft.Data.Sqlite connection string; a relative path is taken from the working directory and missing folders are created.</summary>
    /// <value>The default is <c>Data Source=data/threads.db</c>.</value>
    public string ConnectionString { get; set; } = "Data Source=data/threads.db";

    /// <summary>When an acknowledged write is on disk.</summary>
    /// <value>The default is <see cref="SqliteDurability.Full"/>.</value>
    [EnumDataType(typeof(SqliteDurability))]
    public SqliteDurability Durability { get; set; } = SqliteDurability.Full;

    /// <summary>How long a write waits for another process (another silo) holding the database's write lock.</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "24.20:31:23.647", MinimumIsExclusive = true, ParseLimitsInInvariantCulture = true)]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most writes committed together in one transaction (group commit).</summary>
    /// <value>The default is 512.</value>
    [Range(1, int.MaxValue)]
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// The page size, in bytes, of a database file this store creates (an existing file keeps its own). Every commit
    /// writes and syncs each page it changed, and an append changes a few pages (the log's last page, the message-id
    /// index's last page, the thread's row and two listing indexes), so smaller pages make durable commits cheaper;
    /// larger ones suit large messages and state. A power of two from 512 to 65,536.
    /// </summary>
    /// <value>The default is 2,048.</value>
    [Range(512, 65536)]
    public int PageSize { get; set; } = 2048;

    /// <summary>
    /// How many messages wait at the end of the log, found by a scan, before the writer writes their entries in the
    /// index by thread, in one transaction during which no other write runs (appends thus change only the log's last
    /// page or two, not a page per thread). Larger folds cost less per message, since each thread's index page is
    /// changed once per fold, but stall writes longer each time, and every read of messages from the store scans the
    /// waiting ones. From 16 to 65,536.
    /// </summary>
    /// <value>The default is 256.</value>
    [Range(16, 65536)]
    public int FoldSize { get; set; } = 256;

    /// <summary>The most idle read connections kept open.</summary>
    /// <value>The default is 16.</value>
    [Range(0, int.MaxValue)]
    public int MaxIdleReadConnections { get; set; } = 16;
}
