using System.Text;
using Npgsql;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>
/// The listing query: equality on (ns[, resource_id]) and ORDER BY updated_at DESC, id DESC with a row-value keyset,
/// so that PostgreSQL walks threads_by_resource or threads_by_namespace from the cursor and stops at the limit.
/// The other filters are checked on the rows the index yields.
/// </summary>
internal static class ListQuery
{
    public static void Build(NpgsqlCommand command, string ns, ThreadFilter filter)
    {
        var sql = new StringBuilder($"SELECT {ThreadRow.InfoColumns} FROM threads WHERE ns = $1");
        var parameters = command.Parameters;
        parameters.Add(Param.Text(ns));
        if (filter.ResourceId is { } resourceId)
        {
            parameters.Add(Param.Text(resourceId));
            sql.Append(" AND resource_id = $").Append(parameters.Count);
        }

        if (filter.After is { } after)
        {
            parameters.Add(Param.Time(after.UpdatedAt));
            parameters.Add(Param.Text(after.Id));
            sql.Append(" AND (updated_at, id) < ($").Append(parameters.Count - 1).Append(", $").Append(parameters.Count).Append(')');
        }

        if (filter.UpdatedAfter is { } updatedAfter)
        {
            parameters.Add(Param.Time(updatedAfter));
            sql.Append(" AND updated_at > $").Append(parameters.Count);
        }

        if (filter.UpdatedBefore is { } updatedBefore)
        {
            parameters.Add(Param.Time(updatedBefore));
            sql.Append(" AND updated_at < $").Append(parameters.Count);
        }

        if (filter.UserId is { } userId)
        {
            parameters.Add(Param.Text(userId));
            sql.Append(" AND user_id = $").Append(parameters.Count);
        }

        if (!filter.IncludeHidden)
        {
            sql.Append(" AND NOT hidden");
        }

        if (filter.Archived is { } archived)
        {
            sql.Append(archived ? " AND archived" : " AND NOT archived");
        }

        if (filter.Metadata is { Count: > 0 } metadata)
        {
            parameters.Add(Param.Jsonb(StoredJson.WriteMetadata(metadata)));
            sql.Append(" AND metadata::jsonb @> $").Append(parameters.Count);
        }

        parameters.Add(Param.Integer(filter.Limit));
        sql.Append(" ORDER BY updated_at DESC, id DESC LIMIT $").Append(parameters.Count);
        command.CommandText = sql.ToString();
    }
}
