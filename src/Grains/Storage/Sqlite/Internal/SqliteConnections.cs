using System.Globalization;
using Microsoft.Data.Sqlite;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>Opens the store's connections: pooling off (the store keeps its own), the busy timeout and durability set on each.</summary>
internal static class SqliteConnections
{
    /// <summary>The connection string for the store's own connections, after creating the database's folder.</summary>
    public static string Prepare(SqliteStorageOptions options)
    {
        // Microsoft.Data.Sqlite retries a statement that finds the file locked until its command timeout (30 s unless
        // set), on top of SQLite's busy_timeout: bounded by BusyTimeout too, a lock held past it fails the write with
        // SQLITE_BUSY then (a 503 for the caller) instead of after 30 s.
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
            DefaultTimeout = (int)Math.Max(1, Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        var dataSource = builder.DataSource;
        if (!dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        return builder.ToString();
    }

    public static SqliteConnection OpenWriter(string connectionString, SqliteStorageOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWriteCreate };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyMilliseconds(options)}");
            // Takes effect only on a new, empty file: SQLite fixes the page size when it writes the first page.
            Execute(connection, $"PRAGMA page_size = {options.PageSize.ToString(CultureInfo.InvariantCulture)}");
            Execute(connection, "PRAGMA journal_mode = WAL");
            // The writer checkpoints between batches (see SqliteWriter), not inside a commit.
            Execute(connection, "PRAGMA wal_autocheckpoint = 0");
            Execute(connection, options.Durability == SqliteDurability.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            // The migration to schema 7 indexes the messages folded before it with it.
            connection.CreateFunction("threads_search_text", static (byte[] body) => SearchText.OfBody(body), isDeterministic: true);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static SqliteConnection OpenReader(string connectionString, SqliteStorageOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyMilliseconds(options)}");
            // A reader never writes: make a bug that tries fail loudly rather than take the write lock.
            Execute(connection, "PRAGMA query_only = 1");
            // A search matches the log's tail, which the search index does not hold yet, with it (see schema 7).
            connection.CreateFunction("threads_search_score", static (byte[] body, string terms) => SearchText.ScoreBody(body, terms), isDeterministic: true);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A prepared command on <paramref name="connection"/> with the named parameters added in order, to be set by position.</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params ReadOnlySpan<string> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, such as a <c>PRAGMA</c>'s value.</summary>
    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string BusyMilliseconds(SqliteStorageOptions options) =>
        ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
