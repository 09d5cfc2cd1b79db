using System.Net.Sockets;
using Npgsql;

namespace Threads.Grains.Storage.Postgres;

/// <summary>Which PostgreSQL failures are transient and which mean the disk is full.</summary>
public sealed partial class PostgresThreadStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="StorageFault.Full"/>: 53100 disk_full. <see cref="StorageFault.Unavailable"/>: a connection that could
    /// not be opened or broke (a refused or reset socket, the server restarting), 57P01/57P02/57P03 (shut down by an
    /// administrator, crashed, not accepting connections yet), 53300 too many connections, class 08 (connection
    /// exceptions), a command or pool timeout, and 40001/40P01 (a serialization failure or deadlock: the store runs
    /// no transaction that retries them itself, so the caller's retry is the retry).
    /// </remarks>
    public StorageFault Classify(Exception exception) => exception switch
    {
        PostgresException { SqlState: "53100" } => StorageFault.Full,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01" } => StorageFault.Unavailable,
        PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) => StorageFault.Unavailable,
        PostgresException => StorageFault.None,
        NpgsqlException { InnerException: TimeoutException or SocketException or IOException } => StorageFault.Unavailable,
        NpgsqlException { IsTransient: true } => StorageFault.Unavailable,
        SocketException or TimeoutException => StorageFault.Unavailable,
        _ => StorageFault.None,
    };

    /// <inheritdoc/>
    /// <remarks>A transaction with an id (<c>txid_current()</c>): its commit writes and flushes WAL, as every write does.</remarks>
    public async Task ProbeWritesAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT txid_current()");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
