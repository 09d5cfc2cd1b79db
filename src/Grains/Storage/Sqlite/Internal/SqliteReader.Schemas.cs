using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The reads of state schemas; their statements are prepared on first use.</summary>
internal sealed partial class SqliteReader
{
    private SqliteCommand? _schema;
    private SqliteCommand? _schemas;

    public StoredSchema? GetSchema(string ns, string schemaId)
    {
        var command = _schema ??= Prepared("SELECT schema_json, version, updated_at FROM schemas WHERE ns = $ns AND id = $id", "$ns", "$id");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = schemaId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredSchema(ns, schemaId, reader.GetString(0), reader.GetInt64(1), SqliteRows.Time(reader.GetInt64(2))) : null;
    }

    public IReadOnlyList<StoredSchema> ListSchemas(string ns, string? afterId, int limit)
    {
        // The unique key (ns, id) orders by id with SQLite's binary collation: ordinal.
        var command = _schemas ??= Prepared(
            "SELECT id, schema_json, version, updated_at FROM schemas WHERE ns = $ns AND ($after IS NULL OR id > $after) ORDER BY id LIMIT $limit", "$ns", "$after", "$limit");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = (object?)afterId ?? DBNull.Value;
        command.Parameters[2].Value = limit;
        using var reader = command.ExecuteReader();
        var schemas = new List<StoredSchema>();
        while (reader.Read())
        {
            schemas.Add(new StoredSchema(ns, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), SqliteRows.Time(reader.GetInt64(3))));
        }

        return schemas;
    }
}
