using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite;

/// <summary>Which SQLite failures are transient and which mean the disk is full.</summary>
public sealed partial class SqliteThreadStore
{
    // SQLite's primary result codes (the low byte of an extended code).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    /// <inheritdoc/>
    public string Target => $"SQLite at {new SqliteConnectionStringBuilder(_options.ConnectionString).DataSource}";

    /// <inheritdoc/>
    /// <remarks>
    /// SQLITE_FULL (the disk, or <c>max_page_count</c>) is <see cref="StorageFault.Full"/>. SQLITE_IOERR, SQLITE_CANTOPEN
    /// and SQLITE_BUSY or SQLITE_LOCKED (another process held the file's lock past the busy timeout) are
    /// <see cref="StorageFault.Unavailable"/>: the same write can succeed later. A constraint or a bad statement is neither.
    /// </remarks>
    public StorageFault Classify(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: var code } => (code & 0xFF) switch
        {
            SqliteFull => StorageFault.Full,
            SqliteIoError or SqliteCantOpen or SqliteBusy or SqliteLocked => StorageFault.Unavailable,
            _ => StorageFault.None,
        },
        _ => StorageFault.None,
    };

    /// <inheritdoc/>
    public async Task ProbeWritesAsync(CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync(0, static (writer, _) =>
        {
            writer.ProbeWrite();
            return (true, true);
        }, cancellationToken).ConfigureAwait(false);
    }
}
