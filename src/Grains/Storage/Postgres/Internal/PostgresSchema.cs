using Npgsql;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>The schema's migrations and how they are applied: in order, once, under a lock that several silos starting at once share.</summary>
internal static class PostgresSchema
{
    /// <summary>Migration N brings the schema from version N to N + 1. Never edit a shipped one: add the next.</summary>
    /// <remarks>
    /// Each runs inside the migration transaction, so none may use CREATE INDEX CONCURRENTLY (it refuses to run in a
    /// transaction). An index added later to a large table belongs in a separate, non-transactional step.
    /// </remarks>
    private static readonly string[] Migrations =
    [
        """
        -- Design constraints.
        -- threads: one row per (ns, id), the primary key. etag is raised by one on every write and every write is
        --   conditional on it (UPDATE ... WHERE etag = expected), so two silos never lose or reorder each other's writes.
        --   version is the user-facing header version. Ids are COLLATE "C" so that ties sort ordinally, as in every provider.
        --   Listing walks threads_by_resource (ns, resource_id, updated_at DESC, id DESC) for one resource and
        --   threads_by_namespace (ns, updated_at DESC, id DESC) for all of them, with a keyset on (updated_at, id):
        --   a page costs its own size, never a scan of the namespace. metadata is json, not jsonb: it keeps the keys in
        --   the order written; the listing's metadata filter casts it (metadata::jsonb @> ...) on the rows the index yields.
        -- messages: the append-only log, one row per (ns, thread_id, seq), the primary key: appending is an insert at
        --   the end of one thread's key range, O(1) in the thread's length, and the last N is a backward range scan.
        --   (ns, thread_id, id) is unique: a message id names one message of a thread (a clone copies ids into its own
        --   thread). messages_by_run (ns, thread_id, run_id, seq) answers a run's messages without reading the thread.
        --   body is text, not jsonb: the JSON of content and metadata exactly as written (12345678901234567890 and 1.0
        --   keep their text) and no parsing on the write path.
        -- idempotency: one record per (ns, key), the primary key. idempotency_by_thread (ns, thread_id) lets deleting
        --   a thread remove its records without a scan.
        -- Times are timestamptz (microseconds; the grains write milliseconds), so ordering and round trips are exact.
        CREATE TABLE threads (
            ns               text COLLATE "C" NOT NULL,
            id               text COLLATE "C" NOT NULL,
            resource_id      text COLLATE "C",
            user_id          text COLLATE "C",
            title            text,
            metadata         json NOT NULL DEFAULT '{}',
            parent_thread_id text COLLATE "C",
            parent_seq       bigint,
            hidden           boolean NOT NULL,
            archived         boolean NOT NULL,
            message_count    bigint NOT NULL,
            last_seq         bigint NOT NULL,
            state_schema_id  text COLLATE "C",
            created_at       timestamptz NOT NULL,
            updated_at       timestamptz NOT NULL,
            version          bigint NOT NULL,
            etag             bigint NOT NULL,
            PRIMARY KEY (ns, id)
        );
        CREATE INDEX threads_by_resource ON threads (ns, resource_id, updated_at DESC, id DESC);
        CREATE INDEX threads_by_namespace ON threads (ns, updated_at DESC, id DESC);

        CREATE TABLE messages (
            ns         text COLLATE "C" NOT NULL,
            thread_id  text COLLATE "C" NOT NULL,
            seq        bigint NOT NULL,
            id         text COLLATE "C" NOT NULL,
            role       text NOT NULL,
            user_id    text COLLATE "C",
            run_id     text COLLATE "C",
            created_at timestamptz NOT NULL,
            body       text NOT NULL,
            PRIMARY KEY (ns, thread_id, seq),
            UNIQUE (ns, thread_id, id)
        );
        CREATE INDEX messages_by_run ON messages (ns, thread_id, run_id, seq) WHERE run_id IS NOT NULL;

        CREATE TABLE idempotency (
            ns           text COLLATE "C" NOT NULL,
            key          text COLLATE "C" NOT NULL,
            request_hash text NOT NULL,
            thread_id    text COLLATE "C",
            status_code  integer NOT NULL,
            response     text NOT NULL,
            created_at   timestamptz NOT NULL,
            PRIMARY KEY (ns, key)
        );
        CREATE INDEX idempotency_by_thread ON idempotency (ns, thread_id) WHERE thread_id IS NOT NULL;
        """,
    ];

    /// <summary>The version this code writes and reads.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Creates the schema or brings it to <see cref="CurrentVersion"/>; returns the version found before.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Silos starting at once queue here: the first migrates, the others then find the schema current.
        // CREATE SCHEMA/TABLE IF NOT EXISTS alone is not enough: two of them at once can still collide in the catalog.
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('threads-schema:' || $1, 0))", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            CREATE TABLE IF NOT EXISTS "{schema}".schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            """,
            connection,
            transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM \"{schema}\".schema_version", connection, transaction))
        {
            var found = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (found > CurrentVersion)
            {
                throw new InvalidOperationException($"The schema '{schema}' is at version {found}, newer than this build's {CurrentVersion}; upgrade the silo.");
            }

            for (var version = found; version < CurrentVersion; version++)
            {
                await using var migrate = new NpgsqlCommand(
                    $"SET LOCAL search_path TO \"{schema}\"; {Migrations[version]}; INSERT INTO schema_version (version) VALUES ({version + 1});",
                    connection,
                    transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return found;
        }
    }
}
