using System.Text;
using Npgsql;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>
/// Search: the GIN index messages_search (schema 5) yields the matching rows of the namespace, each joined to its
/// thread by primary key, where the filters, the user scope and the keyset apply before the ranking's LIMIT.
/// </summary>
public sealed partial class PostgresThreadStore
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredHit>> SearchAsync(string ns, SearchFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = _dataSource.CreateCommand();
        var query = new StringBuilder();
        foreach (var term in filter.Terms)
        {
            // Each term is a parameter of a function that cannot fail on any text: nothing typed reaches tsquery syntax,
            // but a prefix's tokens, which are letters and digits only.
            command.Parameters.Add(Param.Text(term.Kind == SearchTermKind.Prefix ? PrefixQuery(term) : term.Text));
            var function = term.Kind switch
            {
                SearchTermKind.Word => "plainto_tsquery",
                SearchTermKind.Phrase => "phraseto_tsquery",
                _ => "to_tsquery",
            };
            query.Append(query.Length > 0 ? " && " : string.Empty).Append(function).Append("('simple', $").Append(command.Parameters.Count).Append(')');
        }

        var first = command.Parameters.Count + 1;
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
        string P(int i) => "$" + (first + i);
        command.CommandText = $"""
            WITH q AS (SELECT {query} AS query)
            SELECT m.thread_id, m.seq, m.id, m.role, m.created_at, m.body, ts_rank_cd(m.search, q.query)::float8 AS score
            FROM q, messages m JOIN threads t ON t.ns = m.ns AND t.id = m.thread_id
            WHERE m.search @@ q.query AND m.ns = {P(0)}
              AND ({P(1)}::text IS NULL OR m.thread_id = {P(1)})
              AND ({P(2)}::text IS NULL OR m.role = {P(2)})
              AND ({P(3)}::text IS NULL OR t.resource_id = {P(3)})
              AND ({P(4)}::text IS NULL OR t.user_id = {P(4)})
              AND ({P(5)} OR NOT t.hidden)
              AND ({P(6)}::float8 IS NULL OR ts_rank_cd(m.search, q.query)::float8 < {P(6)}
                   OR (ts_rank_cd(m.search, q.query)::float8 = {P(6)} AND (m.thread_id, m.seq) > ({P(7)}, {P(8)})))
            ORDER BY score DESC, m.thread_id, m.seq
            LIMIT {P(9)}
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

    /// <summary>The tsquery of a prefix term: its tokens in a row (<c>&lt;-&gt;</c>), the last one a prefix (<c>:*</c>).</summary>
    private static string PrefixQuery(SearchTerm term) =>
        string.Join(" <-> ", term.Tokens.Select(static t => $"'{t}'")) + ":*";
}
