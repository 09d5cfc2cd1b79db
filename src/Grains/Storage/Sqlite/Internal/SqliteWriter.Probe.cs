using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The write that readiness makes: room for a new page, and a committed change that goes through the WAL like any other.</summary>
internal sealed partial class SqliteWriter
{
    private const int SqliteFull = 13;

    // Room a probe asks for: a few messages' worth. Less than this left and most appends would fail.
    private const int ProbeHeadroomBytes = 64 * 1024;

    private SqliteCommand? _pageSpaceCommand;
    private SqliteCommand? _touchVersionCommand;

    /// <summary>
    /// Throws SQLITE_FULL when the file's free pages and the pages it may still grow by (<c>max_page_count</c>) hold
    /// less than 64 KiB, then rewrites the schema version's row as it is, so that the commit writes a page to the WAL:
    /// on a full disk that fails as an append would.
    /// </summary>
    public void ProbeWrite()
    {
        var pages = _pageSpaceCommand ??= Prepared(
            "SELECT (max_page_count - page_count + freelist_count) * page_size < $headroom "
            + "FROM pragma_page_count, pragma_max_page_count, pragma_freelist_count, pragma_page_size",
            "$headroom");
        pages.Parameters[0].Value = (long)ProbeHeadroomBytes;
        if (pages.ExecuteScalar() is 1L)
        {
            throw new SqliteException("SQLite Error 13: 'database or disk is full' (less than 64 KiB left within max_page_count).", SqliteFull);
        }

        (_touchVersionCommand ??= Prepared("UPDATE schema_version SET version = version")).ExecuteNonQuery();
    }
}
