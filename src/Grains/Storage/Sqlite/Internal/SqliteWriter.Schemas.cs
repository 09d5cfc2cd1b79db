using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The writes of state schemas; their statements are prepared on first use.</summary>
internal sealed partial class SqliteWriter
{
    private SqliteCommand? _insertSchemaCommand;
    private SqliteCommand? _updateSchemaCommand;
    private SqliteCommand? _deleteSchemaCommand;

    /// <summary>Inserts (expected version 0) or replaces a schema if it is at the expected version.</summary>
    public bool PutSchema(StoredSchema schema, long expectedVersion)
    {
        var command = expectedVersion == 0
            ? _insertSchemaCommand ??= Prepared(
                "INSERT INTO schemas (ns, id, schema_json, version, updated_at) VALUES ($ns, $id, $json, $version, $updated) ON CONFLICT (ns, id) DO NOTHING",
                "$ns", "$id", "$json", "$version", "$updated", "$expected")
            : _updateSchemaCommand ??= Prepared(
                "UPDATE schemas SET schema_json = $json, version = $version, updated_at = $updated WHERE ns = $ns AND id = $id AND version = $expected",
                "$ns", "$id", "$json", "$version", "$updated", "$expected");
        var p = command.Parameters;
        p[0].Value = schema.Namespace;
        p[1].Value = schema.Id;
        p[2].Value = schema.SchemaJson;
        p[3].Value = schema.Version;
        p[4].Value = SqliteRows.Millis(schema.UpdatedAt);
        p[5].Value = expectedVersion;
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes a schema; false if there was none.</summary>
    public bool DeleteSchema(string ns, string schemaId)
    {
        var command = _deleteSchemaCommand ??= Prepared("DELETE FROM schemas WHERE ns = $ns AND id = $id", "$ns", "$id");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = schemaId;
        return command.ExecuteNonQuery() == 1;
    }
}
