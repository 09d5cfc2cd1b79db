using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The removal of idempotency records: one key's, or the expired ones in batches.</summary>
internal sealed partial class SqliteWriter
{
    private SqliteCommand? _deleteIdempotencyKeyCommand;
    private SqliteCommand? _purgeIdempotencyCommand;

    /// <summary>Deletes the record of a key if it was created at <paramref name="createdAt"/>; false if not.</summary>
    public bool DeleteIdempotency(string ns, string key, DateTimeOffset createdAt)
    {
        var command = _deleteIdempotencyKeyCommand ??= Prepared(
            "DELETE FROM idempotency WHERE ns = $ns AND key = $key AND created_at = $created_at", "$ns", "$key", "$created_at");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = key;
        command.Parameters[2].Value = SqliteRows.Millis(createdAt);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes at most <paramref name="limit"/> records created before <paramref name="createdBefore"/>, oldest first.</summary>
    public int PurgeIdempotency(DateTimeOffset createdBefore, int limit)
    {
        var command = _purgeIdempotencyCommand ??= Prepared(
            "DELETE FROM idempotency WHERE rowid IN "
            + "(SELECT rowid FROM idempotency INDEXED BY idempotency_by_created WHERE created_at < $before ORDER BY created_at LIMIT $limit)",
            "$before", "$limit");
        command.Parameters[0].Value = SqliteRows.Millis(createdBefore);
        command.Parameters[1].Value = (long)limit;
        return command.ExecuteNonQuery();
    }
}
