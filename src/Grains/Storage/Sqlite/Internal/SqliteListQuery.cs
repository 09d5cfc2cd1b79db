using System.Globalization;
using System.Text;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// The listing query for a filter. It names its index (INDEXED BY) so that a listing is always a walk down
/// (ns, resource_id, updated_at DESC, id DESC) or (ns, updated_at DESC, id DESC) that stops after the page, and fails
/// loudly rather than silently scanning the namespace should the schema ever change.
/// </summary>
internal readonly record struct SqliteListQuery(string Sql, List<(string Name, object Value)> Parameters)
{
    public static SqliteListQuery Build(string ns, ThreadFilter filter)
    {
        var sql = new StringBuilder(512);
        var parameters = new List<(string, object)> { ("$ns", ns) };
        sql.Append("SELECT ").Append(SqliteRows.ThreadColumns).Append(" FROM threads ");
        if (filter.ResourceId is { } resourceId)
        {
            sql.Append("INDEXED BY threads_by_resource WHERE ns = $ns AND resource_id = $resource");
            parameters.Add(("$resource", resourceId));
        }
        else
        {
            sql.Append("INDEXED BY threads_by_updated WHERE ns = $ns");
        }

        if (filter.UserId is { } userId)
        {
            sql.Append(" AND user_id = $user");
            parameters.Add(("$user", userId));
        }

        if (!filter.IncludeHidden)
        {
            sql.Append(" AND hidden = 0");
        }

        if (filter.Archived is { } archived)
        {
            sql.Append(archived ? " AND archived = 1" : " AND archived = 0");
        }

        if (filter.UpdatedAfter is { } updatedAfter)
        {
            sql.Append(" AND updated_at > $updated_after");
            parameters.Add(("$updated_after", SqliteRows.Millis(updatedAfter)));
        }

        if (filter.UpdatedBefore is { } updatedBefore)
        {
            sql.Append(" AND updated_at < $updated_before");
            parameters.Add(("$updated_before", SqliteRows.Millis(updatedBefore)));
        }

        if (filter.Metadata is { } metadata)
        {
            var i = 0;
            foreach (var (key, value) in metadata)
            {
                var suffix = i.ToString(CultureInfo.InvariantCulture);
                sql.Append(" AND EXISTS (SELECT 1 FROM json_each(threads.metadata) WHERE key = $mk").Append(suffix)
                    .Append(" AND value = $mv").Append(suffix).Append(')');
                parameters.Add(("$mk" + suffix, key));
                parameters.Add(("$mv" + suffix, value));
                i++;
            }
        }

        if (filter.After is { } after)
        {
            // Row-value comparison: the index walk starts right after the cursor.
            sql.Append(" AND (updated_at, id) < ($after_at, $after_id)");
            parameters.Add(("$after_at", SqliteRows.Millis(after.UpdatedAt)));
            parameters.Add(("$after_id", after.Id));
        }

        sql.Append(" ORDER BY updated_at DESC, id DESC LIMIT $limit");
        parameters.Add(("$limit", (long)filter.Limit));
        return new SqliteListQuery(sql.ToString(), parameters);
    }
}
