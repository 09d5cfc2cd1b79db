using System.Globalization;
using Npgsql;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>The schema's migrations and how they are applied: in order, once, under a lock that several silos starting at once share.</summary>
internal static class PostgresSchema
{
    /// <summary>Migration N brings the schema from version N to N + 1. Never edit a shipped one: add the next.</summary>
    /// <remarks>
    /// Each runs in a transaction of its own, so none may use CREATE INDEX CONCURRENTLY (it refuses to run in a
    /// transaction): an index built on a table that may be large belongs in <see cref="Migration.BuiltFirst"/>.
    /// </remarks>
    private static readonly Migration[] Migrations =
    [
        new("""
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
        """),
        new("""
        -- Design constraints (version 2: state, locks, runs, checkpoints, schemas, files).
        -- threads gains the state and the lock, written with the rest of the header by every header write (one row,
        --   one ETag). state_json is text, not jsonb, for the same reason as messages.body (numbers keep their text).
        --   state_version starts at 1 (threads of version 1 count as created with the empty state). lock_token only
        --   grows; lock_holder/lock_expires_at are null when no lock is held.
        -- runs: one row per (ns, thread_id, run_id), the primary key; replaced whole by the append that starts, renews
        --   or ends the run (insert or update, in the append's transaction, only if its ETag matched). Listing walks
        --   runs_by_start (ns, thread_id, started_at DESC, run_id DESC) with a keyset on (started_at, run_id); the status
        --   filter is checked on the rows the index yields. last_checkpoint_* is the latest checkpoint, null before one.
        -- checkpoints: one row per (ns, thread_id, run_id, number), the primary key, which also serves a run's
        --   checkpoints oldest first. Written in the append that takes it.
        -- schemas: one row per (ns, id), the primary key; version-checked writes (insert for version 0, else
        --   UPDATE ... WHERE version = expected).
        -- files: one row per (ns, thread_id, filename), the primary key, which also orders a listing by filename
        --   (COLLATE "C": byte order of UTF-8, the ordinal order of the other providers for BMP names). The bytes live in
        --   content (bytea, TOASTed out of line), so a listing that does not select it never reads them. Written with
        --   the header in one statement conditional on the ETag.
        -- Every table that holds rows of a thread has (ns, thread_id) leading its primary key or an index, so that
        --   deleting a thread removes them without a scan.
        ALTER TABLE threads
            ADD COLUMN state_json      text,
            ADD COLUMN state_version   bigint NOT NULL DEFAULT 1,
            ADD COLUMN lock_holder     text COLLATE "C",
            ADD COLUMN lock_expires_at timestamptz,
            ADD COLUMN lock_token      bigint NOT NULL DEFAULT 0;

        CREATE TABLE runs (
            ns                            text COLLATE "C" NOT NULL,
            thread_id                     text COLLATE "C" NOT NULL,
            run_id                        text COLLATE "C" NOT NULL,
            status                        text NOT NULL,
            started_at                    timestamptz NOT NULL,
            lease_expires_at              timestamptz NOT NULL,
            ended_at                      timestamptz,
            error                         text,
            metadata                      json,
            checkpoint_count              integer NOT NULL,
            lease_seconds                 integer NOT NULL,
            last_checkpoint_label         text,
            last_checkpoint_seq           bigint,
            last_checkpoint_state_version bigint,
            last_checkpoint_at            timestamptz,
            PRIMARY KEY (ns, thread_id, run_id)
        );
        CREATE INDEX runs_by_start ON runs (ns, thread_id, started_at DESC, run_id DESC);

        CREATE TABLE checkpoints (
            ns            text COLLATE "C" NOT NULL,
            thread_id     text COLLATE "C" NOT NULL,
            run_id        text COLLATE "C" NOT NULL,
            number        integer NOT NULL,
            label         text,
            seq           bigint NOT NULL,
            state_version bigint NOT NULL,
            created_at    timestamptz NOT NULL,
            PRIMARY KEY (ns, thread_id, run_id, number)
        );

        CREATE TABLE schemas (
            ns          text COLLATE "C" NOT NULL,
            id          text COLLATE "C" NOT NULL,
            schema_json text NOT NULL,
            version     bigint NOT NULL,
            updated_at  timestamptz NOT NULL,
            PRIMARY KEY (ns, id)
        );

        CREATE TABLE files (
            ns         text COLLATE "C" NOT NULL,
            thread_id  text COLLATE "C" NOT NULL,
            filename   text COLLATE "C" NOT NULL,
            id         text COLLATE "C" NOT NULL,
            bytes      bigint NOT NULL,
            media_type text NOT NULL,
            created_at timestamptz NOT NULL,
            content    bytea NOT NULL,
            PRIMARY KEY (ns, thread_id, filename)
        );
        """),
        new("""
        -- Version 3: idempotency_by_created (created_at) lets the retention pass delete expired records, oldest first,
        -- without a scan of the table.
        CREATE INDEX idempotency_by_created ON idempotency (created_at);
        """),
        new("""
        -- Version 4: a message id's uniqueness within its thread is kept by messages_id_key (id, ns, thread_id), built
        -- before this step (BuiltFirst), instead of the constraint led by (ns, thread_id). The silo generates every
        -- message id, and ids sort by creation time, so the new index grows at its right edge, where PostgreSQL inserts
        -- into the rightmost leaf it remembers without descending the tree; led by (ns, thread_id), each new id went into
        -- its own thread's part of the index. (id, ns, thread_id) is unique exactly when (ns, thread_id, id) is.
        ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_ns_thread_id_id_key;
        """,
        BuiltFirst:
        [
            "DROP INDEX CONCURRENTLY IF EXISTS {0}.messages_id_key",
            "CREATE UNIQUE INDEX CONCURRENTLY messages_id_key ON {0}.messages (id, ns, thread_id)",
        ]),
        new("""
        -- Version 5: full-text search. messages.search is the tsvector of the message's searchable text (text parts,
        --   tool names, error messages), written by every insert of the log (append, create, import) from the silo's
        --   SearchText.TsVector, its words as the silo splits them (lowercase runs of letters and digits, positions
        --   kept for phrases), so that the server only stores it: computing it here from the body (parse the JSON,
        --   run the text parser) cost more than the insert itself. A clone copies it with the row; it goes with the
        --   row when the row is deleted. messages_search (GIN) answers a query; fastupdate keeps an append's index work
        --   to a pending-list insert.
        -- The messages stored before this version are indexed here by the server, with the 'simple' configuration
        --   over the same text (search_text, used by this migration only and dropped after it): its parser splits a
        --   few things the silo does not (an e-mail address or a URL stays one word); a simple word is the same
        --   lexeme either way. jsonb holds no NUL character, which the JSON of a body may escape (\u0000): search_text
        --   drops the escape before it reads the body. Filling the column rewrites the table, in this migration's
        --   transaction.
        CREATE FUNCTION search_text(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT string_agg(CASE p ->> 'type' WHEN 'text' THEN p ->> 'text' WHEN 'tool_call' THEN p ->> 'name' WHEN 'error' THEN p ->> 'message' END, E'\n')
            FROM jsonb_array_elements(replace(body, '\u0000', '')::jsonb -> 'content') AS p
        $$;
        ALTER TABLE messages ADD COLUMN search tsvector;
        UPDATE messages SET search = to_tsvector('simple'::regconfig, coalesce(search_text(body), ''));
        DROP FUNCTION search_text(text);
        CREATE INDEX messages_search ON messages USING gin (search);
        """),
    ];

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The version this code writes and reads.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Creates the schema or brings it to <see cref="CurrentVersion"/>; returns the version found before.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken) =>
        MigrateAsync(dataSource, schema, CurrentVersion, cancellationToken);

    /// <summary>Creates the schema or brings it to <paramref name="target"/> (tests build older versions with it); returns the version found before.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, int target, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var quoted = $"\"{schema}\"";

        // Silos starting at once queue here: the first migrates, the others then find the schema current.
        // CREATE SCHEMA/TABLE IF NOT EXISTS alone is not enough: two of them at once can still collide in the catalog.
        // The lock is the session's, held across the migrations' transactions and index builds, and the others poll
        // for it instead of waiting in a statement: a concurrent index build waits for every statement running.
        await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended('threads-schema:' || $1, 0))", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            while (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await Task.Delay(LockPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            return await MigrateLockedAsync(connection, schema, quoted, target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A broken connection has lost its session, and the lock with it.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended('threads-schema:' || $1, 0))", connection);
                unlock.Parameters.Add(new NpgsqlParameter { Value = schema });
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> MigrateLockedAsync(NpgsqlConnection connection, string schema, string quoted, int target, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS {quoted};
            CREATE TABLE IF NOT EXISTS {quoted}.schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            """,
            connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int found;
        await using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quoted}.schema_version", connection))
        {
            found = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (found > CurrentVersion)
        {
            throw new InvalidOperationException($"The schema '{schema}' is at version {found}, newer than this build's {CurrentVersion}; upgrade the silo.");
        }

        for (var version = found; version < target; version++)
        {
            foreach (var statement in Migrations[version].BuiltFirst)
            {
                await using var build = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, statement, quoted), connection);
                build.CommandTimeout = 0;
                await build.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var migrate = new NpgsqlCommand(
                $"SET LOCAL search_path TO {quoted}; {Migrations[version].Sql}; INSERT INTO schema_version (version) VALUES ({version + 1});",
                connection,
                transaction);
            // A migration that rewrites a large table (version 5 fills a column of every message) takes as long as it takes.
            migrate.CommandTimeout = 0;
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    /// <summary>
    /// A migration: <see cref="Sql"/> runs in a transaction; <see cref="BuiltFirst"/> runs before it, each statement
    /// alone and outside any transaction (<c>{0}</c> is the quoted schema), for index builds that must let writes to
    /// the table go on meanwhile. Each build first drops what a build cut short may have left (an invalid index), so a
    /// silo that dies during one builds it again.
    /// </summary>
    private sealed record Migration(string Sql, params string[] BuiltFirst);
}
