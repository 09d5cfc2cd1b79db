using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>
/// The run listing: equality on (ns, thread_id) and ORDER BY started_at DESC, run_id DESC with a row-value keyset, so
/// that PostgreSQL walks runs_by_start from the cursor and stops at the limit. The status filter is checked on the rows
/// the index yields.
/// </summary>
internal static class ListRunsQuery
{
    public static void Build(NpgsqlCommand command, string ns, string threadId, RunFilter filter)
    {
        var sql = new StringBuilder($"SELECT {RunRows.Columns} FROM runs WHERE ns = $1 AND thread_id = $2");
        var parameters = command.Parameters;
        parameters.Add(Param.Text(ns));
        parameters.Add(Param.Text(threadId));
        if (filter.After is { } after)
        {
            parameters.Add(Param.Time(after.StartedAt));
            parameters.Add(Param.Text(after.RunId));
            sql.Append(" AND (started_at, run_id) < ($").Append(parameters.Count - 1).Append(", $").Append(parameters.Count).Append(')');
        }

        if (filter.StoredStatuses is { } statuses)
        {
            parameters.Add(Param.Array(statuses.Select(RunRows.Status).ToArray(), NpgsqlDbType.Text));
            sql.Append(" AND status = ANY($").Append(parameters.Count).Append(')');
        }

        parameters.Add(Param.Integer(filter.Limit));
        sql.Append(" ORDER BY started_at DESC, run_id DESC LIMIT $").Append(parameters.Count);
        command.CommandText = sql.ToString();
    }
}
