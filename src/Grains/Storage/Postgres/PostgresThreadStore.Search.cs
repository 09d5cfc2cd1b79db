using Npgsql;
using Threads.Grains.Storage.Internal;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>
/// Search: the GIN index messages_search (schema 5) yields the matching rows of the namespace, each joined to its
/// thread by primary key, where the filters, the user scope and the keyset apply before the ranking's LIMIT. The
/// query is <see cref="SearchText.TsQuery"/> over the vectors <see cref="SearchText.TsVector"/> wrote.
/// </summary>
public sealed partial class PostgresThreadStore
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredHit>> SearchAsync(string ns, SearchFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = _dataSource.CreateCommand();
        // The query is text built from the terms' words (letters and digits only): nothing typed reaches tsquery syntax.
        command.Parameters.Add(Param.Text(SearchText.TsQuery(filter.Terms)));
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(filter.ThreadId));
        command.Parameters.Add(Param.Text(filter.Role));
        command.Parameters.Add(Param.Text(filter.ResourceId));
        command.Parameters.Add(Param.Text(filter.UserId));
        command.Parameters.Add(Param.Boolean(filter.IncludeHidden));
        command.Parameters.Add(new NpgsqlParameter<double?> { TypedValue = filter.After?.Score, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        command.Parameters.Add(Param.Text(filter.After?.ThreadId));
        command.Parameters.Add(Param.Bigint(filter.After?.Seq));
        command.Parameters.Add(Param.Integer(filter.Limit));
        // $1 is the query; the filters follow it, Filter(0) being $2.
        static string Filter(int i) => "$" + (i + 2);
        // The matches come first, from the GIN index, materialized: the store's statements are prepared, and a generic
        // plan (which cannot see how many rows the filters keep) would otherwise walk the threads and probe the index
        // once per thread.
        command.CommandText = $"""
            WITH q AS (SELECT $1::tsquery AS query),
            hits AS MATERIALIZED (
                SELECT m.ns, m.thread_id, m.seq, m.id, m.role, m.created_at, m.body, ts_rank_cd(m.search, q.query)::float8 AS score
                FROM q, messages m
                WHERE m.search @@ q.query AND m.ns = {Filter(0)}
                  AND ({Filter(1)}::text IS NULL OR m.thread_id = {Filter(1)})
                  AND ({Filter(2)}::text IS NULL OR m.role = {Filter(2)}))
            SELECT h.thread_id, h.seq, h.id, h.role, h.created_at, h.body, h.score
            FROM hits h JOIN threads t ON t.ns = h.ns AND t.id = h.thread_id
            WHERE ({Filter(3)}::text IS NULL OR t.resource_id = {Filter(3)})
              AND ({Filter(4)}::text IS NULL OR t.user_id = {Filter(4)})
              AND ({Filter(5)} OR NOT t.hidden)
              AND ({Filter(6)}::float8 IS NULL OR h.score < {Filter(6)} OR (h.score = {Filter(6)} AND (h.thread_id, h.seq) > ({Filter(7)}, {Filter(8)})))
            ORDER BY h.score DESC, h.thread_id, h.seq
            LIMIT {Filter(9)}
            """;
        var hits = new List<StoredHit>(Math.Min(filter.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hits.Add(new StoredHit(
                reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetDouble(6), reader.GetString(5)));
        }

        return hits;
    }
}
