using System.Net.Sockets;
using Npgsql;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>Which PostgreSQL failures are transient and which mean the disk is full: for the store and for the membership tables alike.</summary>
internal static class PostgresFaults
{
    /// <summary>
    /// <see cref="StorageFault.Full"/>: 53100 disk_full. <see cref="StorageFault.Unavailable"/>: a connection that could
    /// not be opened or broke (a refused or reset socket, the server restarting), 57P01/57P02/57P03 (shut down by an
    /// administrator, crashed, not accepting connections yet), 53300 too many connections, class 08 (connection
    /// exceptions), a command or pool timeout, and 40001/40P01 (a serialization failure or deadlock: the store runs
    /// no transaction that retries them itself, so the caller's retry is the retry).
    /// </summary>
    public static StorageFault Classify(Exception exception) => exception switch
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

    /// <summary>The database a connection string names, for logs: host, port and database, never credentials.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }
}
