using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// A statement prepared once on the writer's connection and run through SQLite's own interface, for the writes every
/// append makes. Microsoft.Data.Sqlite binds parameters by name and builds a data reader on every run; here a value
/// is bound by its position (<c>?1</c>, <c>?2</c>… in the SQL) and text is bound as UTF-16, which SQLite converts
/// itself, so a run allocates nothing. Errors surface as <see cref="SqliteException"/>, as from a command.
/// </summary>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>
    /// Steps to the statement's next row (read with <see cref="Int64"/> and <see cref="Utf8"/>); false, and reset for
    /// its next run, after the last. A caller that stops early calls <see cref="Reset"/>.
    /// </summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        Reset();
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    /// <summary>Column <paramref name="column"/> of the current row as an integer.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>Column <paramref name="column"/> of the current row as its UTF-8 text, valid until the next step.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>Runs the statement to its end and returns how many rows it changed.</summary>
    public int Execute()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
