using Microsoft.Data.Sqlite;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// Search: the FTS5 index messages_search (schema 7) yields the folded log's matches, each joined to its row by rowid
/// and to its thread by primary key; the log's tail is matched by <see cref="SearchText.ScoreBody"/>; the filters, the
/// user scope and the keyset apply to both before the ranking's LIMIT.
/// </summary>
internal sealed partial class SqliteReader
{
    private const string Filters = """
        AND m.ns = $ns
          AND ($thread IS NULL OR m.thread_id = $thread)
          AND ($role IS NULL OR m.role = $role)
          AND ($resource IS NULL OR t.resource_id = $resource)
          AND ($user IS NULL OR t.user_id = $user)
          AND ($hidden = 1 OR t.hidden = 0)
        """;

    private const string After = "($after_score IS NULL OR score < $after_score OR (score = $after_score AND (thread_id, seq) > ($after_thread, $after_seq)))";

    // The folded log through the index, and its tail (pos > through) matched row by row, in one statement: one snapshot,
    // so a fold committing meanwhile cannot hide a message from both parts or show it in both.
    private const string SearchSql = $"""
        SELECT * FROM (
            SELECT m.thread_id, m.seq, m.id, m.role, m.created_at, m.body, -bm25(messages_search) AS score
            FROM messages_search
            JOIN messages m ON m.pos = messages_search.rowid
            JOIN threads t ON t.ns = m.ns AND t.id = m.thread_id
            WHERE messages_search MATCH $match {Filters})
        WHERE {After}
        UNION ALL
        SELECT * FROM (
            SELECT m.thread_id, m.seq, m.id, m.role, m.created_at, m.body, threads_search_score(m.body, $terms) AS score
            FROM messages m
            JOIN threads t ON t.ns = m.ns AND t.id = m.thread_id
            WHERE {SqliteRows.UnfoldedMessages} {Filters})
        WHERE score IS NOT NULL AND {After}
        ORDER BY score DESC, thread_id, seq
        LIMIT $limit
        """;

    private SqliteCommand? _search;

    public IReadOnlyList<StoredHit> Search(string ns, SearchFilter filter)
    {
        var command = _search ??= Prepared(
            SearchSql, "$match", "$ns", "$thread", "$role", "$resource", "$user", "$hidden", "$after_score", "$after_thread", "$after_seq", "$limit", "$terms");
        var p = command.Parameters;
        p[0].Value = Match(filter.Terms);
        p[1].Value = ns;
        p[2].Value = SqliteRows.Db(filter.ThreadId);
        p[3].Value = SqliteRows.Db(filter.Role);
        p[4].Value = SqliteRows.Db(filter.ResourceId);
        p[5].Value = SqliteRows.Db(filter.UserId);
        p[6].Value = filter.IncludeHidden ? 1L : 0L;
        p[7].Value = filter.After is { } after ? after.Score : DBNull.Value;
        p[8].Value = filter.After is { } afterThread ? afterThread.ThreadId : DBNull.Value;
        p[9].Value = filter.After is { } afterSeq ? afterSeq.Seq : DBNull.Value;
        p[10].Value = (long)filter.Limit;
        p[11].Value = SearchText.EncodeTerms(filter.Terms);
        using var reader = command.ExecuteReader();
        var hits = new List<StoredHit>(Math.Min(filter.Limit, 256));
        while (reader.Read())
        {
            hits.Add(new StoredHit(
                reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), SqliteRows.Time(reader.GetInt64(4)), reader.GetDouble(6), reader.GetString(5)));
        }

        return hits;
    }

    /// <summary>
    /// The FTS5 query of the terms, every one a quoted string of its tokens (letters and digits only, so nothing in it
    /// is FTS5 syntax), joined by AND; a prefix term's last token is starred.
    /// </summary>
    private static string Match(IReadOnlyList<SearchTerm> terms) =>
        string.Join(" AND ", terms.Select(static t => $"\"{string.Join(' ', t.Tokens)}\"{(t.Kind == SearchTermKind.Prefix ? "*" : string.Empty)}"));
}
