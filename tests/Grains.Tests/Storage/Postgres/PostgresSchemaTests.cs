using Npgsql;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>Schema creation and migration, and the plans of the hot queries.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresSchemaTests(PostgresDatabaseFixture database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InitializeAsync_TwoStoresAtOnceThenAgain_CreatesOneSchemaVersionOnce()
    {
        var schema = database.Schema("migrate");
        await using var first = database.NewStore(schema);
        await using var second = database.NewStore(schema);

        await Task.WhenAll(first.InitializeAsync(Ct), second.InitializeAsync(Ct), first.InitializeAsync(Ct));
        await second.InitializeAsync(Ct);

        await using var dataSource = NpgsqlDataSource.Create(database.RequireConnectionString());
        await using var versions = dataSource.CreateCommand($"SELECT array_agg(version ORDER BY version) FROM \"{schema}\".schema_version");
        var applied = (int[])(await versions.ExecuteScalarAsync(Ct))!;
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), applied);
        Assert.True(await first.PingAsync(Ct));
    }

    [Fact]
    public async Task InitializeAsync_SchemaNewerThanTheBuild_Throws()
    {
        var schema = database.Schema("newer");
        await using var store = await database.NewInitializedStoreAsync(schema);
        await using var dataSource = NpgsqlDataSource.Create(database.RequireConnectionString());
        await using (var bump = dataSource.CreateCommand($"INSERT INTO \"{schema}\".schema_version (version) VALUES ({PostgresSchema.CurrentVersion + 1})"))
        {
            await bump.ExecuteNonQueryAsync(Ct);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Ct));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_SchemaAtVersion1WithThreads_MigratesAndKeepsThem()
    {
        var schema = database.Schema("from_v1");
        await using (var v1 = NpgsqlDataSource.Create(database.RequireConnectionString()))
        {
            await PostgresSchema.MigrateAsync(v1, schema, 1, Ct);
            await using var fill = v1.CreateCommand(
                $"""
                INSERT INTO "{schema}".threads (ns, id, hidden, archived, message_count, last_seq, created_at, updated_at, version, etag)
                VALUES ('ns-old', 'thread_old', false, false, 0, 0, now(), now(), 1, 3)
                """);
            await fill.ExecuteNonQueryAsync(Ct);
        }

        await using var store = await database.NewInitializedStoreAsync(schema);

        var thread = await store.GetThreadAsync("ns-old", "thread_old", Ct);
        Assert.NotNull(thread);
        Assert.Equal((3L, null, 1L, null, null, 0L), (thread.ETag, thread.StateJson, thread.StateVersion, thread.LockHolder, thread.LockExpiresAt, thread.LockToken));
        var run = new StoredRun("ns-old", "thread_old", new RunInfo { RunId = "r", Status = RunStatus.Running, StartedAt = thread.Thread.UpdatedAt, LeaseExpiresAt = thread.Thread.UpdatedAt }, 0, 60);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(thread with { ETag = 4 }, 3, [], null) { Run = run }, Ct));
        Assert.NotNull(await store.GetRunAsync("ns-old", "thread_old", "r", Ct));
    }

    [Fact]
    public async Task InitializeAsync_SchemaAtVersion3WithMessagesAndAnIndexBuildCutShort_BuildsTheMessageIdIndexAndKeepsUniqueness()
    {
        var schema = database.Schema("from_v3");
        await using var dataSource = NpgsqlDataSource.Create(database.RequireConnectionString());
        await PostgresSchema.MigrateAsync(dataSource, schema, 3, Ct);
        await using (var fill = dataSource.CreateCommand(
            $$"""
            INSERT INTO "{{schema}}".messages (ns, thread_id, seq, id, role, created_at, body)
            SELECT 'ns-old', 'thread_old', i, 'msg_' || lpad(i::text, 24, '0'), 'user', now(), '{"content":[{"type":"text","text":"kept"}]}' FROM generate_series(1, 3) AS i;
            CREATE INDEX messages_id_key ON "{{schema}}".messages (ns);
            """))
        {
            await fill.ExecuteNonQueryAsync(Ct);
        }

        await using var store = await database.NewInitializedStoreAsync(schema);

        await using (var index = dataSource.CreateCommand(
            $"""
            SELECT i.indisunique AND i.indisvalid,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),
                   (SELECT count(*) FROM pg_constraint WHERE conname = 'messages_ns_thread_id_id_key' AND connamespace = '"{schema}"'::regnamespace)
            FROM pg_index i WHERE i.indexrelid = '"{schema}".messages_id_key'::regclass
            """))
        await using (var reader = await index.ExecuteReaderAsync(Ct))
        {
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal((true, "id,ns,thread_id", 0L), (reader.GetBoolean(0), reader.GetString(1), reader.GetInt64(2)));
        }

        var kept = await store.ReadMessagesAsync("ns-old", "thread_old", new MessageRange(null, null, Descending: false, 10), Ct);
        Assert.Equal([1L, 2L, 3L], kept.Select(m => m.Seq));

        // The same id again in the same thread, at another seq, is refused; in another thread it is not.
        await using var again = dataSource.CreateCommand(
            $$"""
            INSERT INTO "{{schema}}".messages (ns, thread_id, seq, id, role, created_at, body)
            VALUES ($1, 'thread_old', 4, 'msg_' || lpad('1', 24, '0'), 'user', now(), '{}')
            """);
        again.Parameters.Add(new NpgsqlParameter { Value = "ns-other" });
        Assert.Equal(1, await again.ExecuteNonQueryAsync(Ct));
        again.Parameters[0].Value = "ns-old";
        var error = await Assert.ThrowsAsync<PostgresException>(() => again.ExecuteNonQueryAsync(Ct));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    [Theory]
    [InlineData("res-7", "threads_by_resource")]
    [InlineData(null, "threads_by_namespace")]
    public async Task ListQuery_ManyThreads_WalksTheListingIndex(string? resourceId, string index)
    {
        var schema = database.Schema("plan_" + index);
        await using var store = await database.NewInitializedStoreAsync(schema);
        await using var dataSource = NpgsqlDataSource.Create(database.RequireConnectionString());

        // Two namespaces of 10,000 threads, two resources of 5,000 in each: a page of 21 is a sliver of either.
        await using (var fill = dataSource.CreateCommand(
            $"""
            INSERT INTO "{schema}".threads (ns, id, resource_id, hidden, archived, message_count, last_seq, created_at, updated_at, version, etag)
            SELECT 'ns-' || (i % 2 + 6), 'thread_' || i, 'res-' || (i % 4 + 4), false, false, 0, 0, now(), now() - i * interval '1 second', 1, 1
            FROM generate_series(1, 20000) AS i;
            ANALYZE "{schema}".threads;
            """))
        {
            await fill.ExecuteNonQueryAsync(Ct);
        }

        await using var inSchema = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.RequireConnectionString()) { SearchPath = schema });
        await using var explain = inSchema.CreateCommand();
        var filter = new ThreadFilter { ResourceId = resourceId, After = (DateTimeOffset.UnixEpoch.AddYears(60), "thread_9"), Limit = 21 };
        ListQuery.Build(explain, "ns-7", filter);
        explain.CommandText = "EXPLAIN " + explain.CommandText;
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.Contains($"Index Scan using {index}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRunsQuery_ManyRuns_WalksTheRunIndex()
    {
        var schema = database.Schema("plan_runs");
        await using var store = await database.NewInitializedStoreAsync(schema);
        await using var dataSource = NpgsqlDataSource.Create(database.RequireConnectionString());

        // Two threads of 10,000 runs: a page of 21 is a sliver of either.
        await using (var fill = dataSource.CreateCommand(
            $"""
            INSERT INTO "{schema}".runs (ns, thread_id, run_id, status, started_at, lease_expires_at, checkpoint_count, lease_seconds)
            SELECT 'ns', 'thread_' || (i % 2), 'run_' || i, CASE WHEN i % 3 = 0 THEN 'completed' ELSE 'running' END,
                   now() - i * interval '1 second', now(), 0, 60
            FROM generate_series(1, 20000) AS i;
            ANALYZE "{schema}".runs;
            """))
        {
            await fill.ExecuteNonQueryAsync(Ct);
        }

        await using var inSchema = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.RequireConnectionString()) { SearchPath = schema });
        await using var explain = inSchema.CreateCommand();
        var filter = new RunFilter { StoredStatuses = [RunStatus.Running], After = (DateTimeOffset.UnixEpoch.AddYears(60), "run_9"), Limit = 21 };
        ListRunsQuery.Build(explain, "ns", "thread_1", filter);
        explain.CommandText = "EXPLAIN " + explain.CommandText;
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.Contains("Index Scan using runs_by_start", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
    }
}
