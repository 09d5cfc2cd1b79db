using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Sqlite;
using Threads.Grains.Storage.Sqlite.Internal;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Sqlite;

public sealed class SqliteThreadStoreTests(SqliteDatabaseFixture database) : ThreadStoreConformanceTests, IClassFixture<SqliteDatabaseFixture>
{
    protected override async Task<IThreadStore> CreateStoreAsync()
    {
        var store = database.NewStore();
        await store.InitializeAsync(Ct);
        return store;
    }

    [Theory]
    [InlineData(SqliteDurability.Full, 1)]
    [InlineData(SqliteDurability.Normal, 0)]
    public async Task AppendAsync_Durability_SyncsTheWalAfterEachCommitOnlyWhenFull(SqliteDurability durability, int syncsPerCommit)
    {
        await using var store = database.NewStore(durability);
        await store.InitializeAsync(Ct);
        var (ns, id) = NewIds();
        var current = NewThread(ns, id);
        await store.CreateThreadAsync(current, [], Ct);
        var syncsBefore = store.SyncCount;

        for (var seq = 1; seq <= 20; seq++)
        {
            var next = Advance(current, 1);
            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(seq, "x")], null), Ct));
            current = next;

            // A sequential caller's append is its own commit; when Full, it is answered only after the WAL sync that covers it.
            Assert.Equal(seq * syncsPerCommit, store.SyncCount - syncsBefore);
        }

        // SQLite itself commits without a sync in both modes: the store syncs the WAL (Full) off the writer thread.
        Assert.Equal(1L, await store.ReadWriterPragmaAsync("synchronous", Ct));
        Assert.Equal("wal", await store.ReadWriterPragmaAsync("journal_mode", Ct));
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentWritersWhenFull_EachWalSyncCoversOneCommitOfSeveralWrites()
    {
        await using var store = database.NewStore();
        var (ns, threads) = await CreateThreadsAsync(store, 16);

        var commitsBefore = store.CommitCount;
        var syncsBefore = store.SyncCount;
        await Task.WhenAll(threads.Select(async thread =>
        {
            var current = thread;
            for (var seq = 1; seq <= 50; seq++)
            {
                var next = Advance(current, 1);
                Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(seq, "x")], null), Ct));
                current = next;
            }
        }));

        // The writes that come while a sync runs wait in the open transaction and are committed together when it ends.
        var commits = store.CommitCount - commitsBefore;
        Assert.Equal(commits, store.SyncCount - syncsBefore);
        Assert.InRange(commits, 1, (16 * 50) - 1);
        foreach (var thread in threads)
        {
            Assert.Equal(50, (await ReadAllAsync(store, ns, thread.Thread.Id)).Count);
        }
    }

    [Fact]
    public async Task InitializeAsync_NewFileInMissingFolder_CreatesFolderAndRecordsSchemaVersion()
    {
        var path = Path.Combine(database.Folder, "nested-" + Guid.NewGuid().ToString("N"), "deeper", "new.db");
        await using var store = new SqliteThreadStore(
            Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={path}" }), NullLogger<SqliteThreadStore>.Instance);

        await store.InitializeAsync(Ct);

        Assert.True(File.Exists(path));
        var versions = await store.ReadRawAsync(
            static connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT version FROM schema_version";
                using var reader = command.ExecuteReader();
                var found = new List<long>();
                while (reader.Read())
                {
                    found.Add(reader.GetInt64(0));
                }

                return found;
            },
            Ct);
        Assert.Equal([(long)SqliteSchema.CurrentVersion], versions);
    }

    [Fact]
    public async Task InitializeAsync_DatabaseFromNewerBuild_Throws()
    {
        var path = Path.Combine(database.Folder, "newer-" + Guid.NewGuid().ToString("N") + ".db");
        await using (var first = new SqliteThreadStore(Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={path}" }), NullLogger<SqliteThreadStore>.Instance))
        {
            await first.InitializeAsync(Ct);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 999";
            command.ExecuteNonQuery();
        }

        await using var store = new SqliteThreadStore(Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={path}" }), NullLogger<SqliteThreadStore>.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Ct));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_VersionTwoFileWith4KbPages_MigratesKeepsItsRowsAndPageSize()
    {
        var path = Path.Combine(database.Folder, "v2-" + Guid.NewGuid().ToString("N") + ".db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            foreach (var sql in (string[])[
                "PRAGMA page_size = 4096", "PRAGMA journal_mode = WAL", Script("001_initial.sql"), Script("002_state_locks_runs_files.sql"),
                "CREATE TABLE schema_version (version INTEGER NOT NULL)", "INSERT INTO schema_version (version) VALUES (2)",
                "INSERT INTO threads (ns, id, metadata, hidden, archived, message_count, last_seq, created_at, updated_at, version, etag) "
                + "VALUES ('old', 't1', '{}', 0, 0, 0, 0, 1767225600000, 1767225600000, 1, 1)"])
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }

        await using var store = new SqliteThreadStore(Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={path}" }), NullLogger<SqliteThreadStore>.Instance);
        await store.InitializeAsync(Ct);
        var stored = await store.GetThreadAsync("old", "t1", Ct);
        var appended = await store.AppendAsync(new AppendBatch(Advance(stored!, 1), stored!.ETag, [Message(1, "after")], Idempotency("old", "k", "t1")) { MovesLogOnly = true }, Ct);

        Assert.Equal(AppendOutcome.Appended, appended);
        Assert.Equal(["after"], Texts(await ReadAllAsync(store, "old", "t1")));
        Assert.Equal(4096L, await store.ReadWriterPragmaAsync("page_size", Ct));
        var (version, idColumns) = await store.ReadRawAsync(
            static connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT (SELECT version FROM schema_version), (SELECT group_concat(name, ',') FROM pragma_index_info('messages_by_id'))";
                using var reader = command.ExecuteReader();
                reader.Read();
                return (reader.GetInt64(0), reader.GetString(1));
            },
            Ct);
        Assert.Equal(((long)SqliteSchema.CurrentVersion, "id,ns,thread_id"), (version, idColumns));
    }

    [Fact]
    public async Task DisposeAsync_ThenReopen_KeepsEverything()
    {
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id, messageCount: 3, resourceId: "r");
        await using (var store = database.NewStore())
        {
            await store.InitializeAsync(Ct);
            await store.CreateThreadAsync(thread, [Message(1, "a"), Message(2, "b"), Message(3, "c")], Ct);
            await store.TryPutIdempotencyAsync(Idempotency(ns, "k", id), Ct);
        }

        await using var reopened = database.NewStore();
        await reopened.InitializeAsync(Ct);

        AssertSame(thread, await reopened.GetThreadAsync(ns, id, Ct));
        Assert.Equal(["a", "b", "c"], Texts(await ReadAllAsync(reopened, ns, id)));
        Assert.NotNull(await reopened.GetIdempotencyAsync(ns, "k", Ct));
        Assert.Single(await reopened.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r" }, Ct));
    }

    [Fact]
    public async Task GetThreadAsync_BeforeInitialize_InitializesOnFirstUse()
    {
        await using var store = database.NewStore();
        var (ns, id) = NewIds();

        Assert.True(await store.CreateThreadAsync(NewThread(ns, id), [], Ct));
        Assert.NotNull(await store.GetThreadAsync(ns, id, Ct));
    }

    [Theory]
    [InlineData(null, false, false, false)]
    [InlineData("res-1", false, false, false)]
    [InlineData("res-1", true, true, true)]
    [InlineData(null, true, true, true)]
    public async Task ListThreadsAsync_QueryPlan_WalksTheListingIndexWithoutScanOrSort(string? resourceId, bool user, bool times, bool cursor)
    {
        await using var store = database.NewStore();
        var filter = new ThreadFilter
        {
            ResourceId = resourceId,
            UserId = user ? "alice" : null,
            Archived = times ? false : null,
            UpdatedAfter = times ? T0 : null,
            UpdatedBefore = times ? T0.AddDays(1) : null,
            Metadata = times ? new Dictionary<string, string> { ["k"] = "v" } : null,
            After = cursor ? (T0.AddHours(1), "thread_x") : null,
        };
        var query = SqliteListQuery.Build("ns", filter);

        var plan = await ExplainAsync(store, query.Sql, query.Parameters);

        var index = resourceId is null ? "threads_by_updated" : "threads_by_resource";
        Assert.Contains($"SEARCH threads USING INDEX {index} (ns=?", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN threads", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, "PRIMARY KEY (ns=? AND thread_id=? AND seq>? AND seq<?)")]
    [InlineData(true, false, "PRIMARY KEY (ns=? AND thread_id=? AND seq>? AND seq<?)")]
    [InlineData(false, true, "INDEX messages_by_run (ns=? AND thread_id=? AND run_id=? AND seq>? AND seq<?)")]
    [InlineData(true, true, "INDEX messages_by_run (ns=? AND thread_id=? AND run_id=? AND seq>? AND seq<?)")]
    public async Task ReadMessagesAsync_QueryPlan_IsARangeReadOfTheThreadsIndexMergedWithTheLogsTail(bool descending, bool byRun, string index)
    {
        await using var store = database.NewStore();
        var sql = SqliteReader.MessagesQuery(descending, byRun);
        List<(string, object)> parameters = [("$ns", "n"), ("$thread", "t"), ("$after", 0L), ("$before", 10L), ("$limit", 5L), ("$run", "r")];

        var plan = await ExplainAsync(store, sql, parameters);

        // The thread's index is read in key order, each entry joined to its row, and merged with the sorted rows of the
        // log's short tail; only those are sorted.
        Assert.Contains("MERGE (UNION ALL)", plan, StringComparison.Ordinal);
        Assert.Contains($"SEARCH t USING {index}", plan, StringComparison.Ordinal);
        Assert.Contains("SEARCH m USING INTEGER PRIMARY KEY (rowid=?)", plan, StringComparison.Ordinal);
        Assert.Contains("SEARCH messages USING INTEGER PRIMARY KEY (rowid>?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN messages", plan, StringComparison.Ordinal);
        Assert.Equal(1, plan.Split("TEMP B-TREE").Length - 1);
    }

    [Fact]
    public async Task AppendAsync_PastTheFoldSize_IndexesTheLogsTailAndEveryReadSeesEachMessageOnce()
    {
        await using var store = database.NewStore(SqliteDurability.Normal);
        await store.InitializeAsync(Ct);
        var (ns, id) = NewIds();
        var current = NewThread(ns, id, messageCount: 3);
        await store.CreateThreadAsync(current, [Message(1, "m1"), Message(2, "m2"), Message(3, "m3")], Ct);
        var foldsBefore = store.FoldCount;

        for (var seq = 4; seq <= 603; seq++)
        {
            var next = Advance(current, 1);
            var message = Message(seq, $"m{seq}", runId: seq % 100 == 0 ? "hundreds" : null);
            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [message], null), Ct));
            current = next;
        }

        Assert.InRange(store.FoldCount - foldsBefore, 2, 3);
        var (logRows, indexedRows, recentRows) = await CountLogAsync(store, id);
        Assert.Equal(603, logRows);
        Assert.Equal(603, indexedRows + recentRows);
        Assert.InRange(recentRows, 1, 255);
        Assert.Equal(Enumerable.Range(1, 603).Select(i => (long)i), (await ReadAllAsync(store, ns, id)).Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(554, 50).Reverse().Select(i => (long)i), (await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, true, 50), Ct)).Select(m => m.Seq));
        var boundary = 603 - recentRows;
        Assert.Equal([boundary - 1, boundary, boundary + 1, boundary + 2], (await store.ReadMessagesAsync(ns, id, new MessageRange(boundary - 2, boundary + 3, false, 10), Ct)).Select(m => m.Seq));
        Assert.Equal([100L, 200L, 300L, 400L, 500L, 600L], (await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, 10, "hundreds"), Ct)).Select(m => m.Seq));

        var cloneId = NewThreadId();
        var clone = NewThread(ns, cloneId) with { Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 600), LastSeq = 600 } };
        Assert.Equal(600, await store.CloneThreadAsync(id, clone, Ct));
        Assert.Equal(Enumerable.Range(1, 600).Select(i => $"m{i}"), Texts(await ReadAllAsync(store, ns, cloneId)));
        Assert.Equal(599, await store.TrimAsync(current with { ETag = current.ETag + 1 }, current.ETag, throughSeq: 599, keepSystem: false, Ct));
        Assert.Equal([600L, 601L, 602L, 603L], (await ReadAllAsync(store, ns, id)).Select(m => m.Seq));
        Assert.True(await store.DeleteThreadAsync(ns, id, null, Ct));
        Assert.Empty(await ReadAllAsync(store, ns, id));
        Assert.Equal(600, (await ReadAllAsync(store, ns, cloneId)).Count);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task AppendAsync_OneStaleWriteInABatch_OnlyItIsUndoneAndTheBatchRerunsOnlyIfItHadWritten(bool keyed, int reruns)
    {
        await using var store = database.NewStore();
        var (ns, threads) = await CreateThreadsAsync(store, 8);

        // Hold the writer so that the appends queue up and run as one batch.
        using var hold = new ManualResetEventSlim();
        var holding = store.WriteAsync(hold, static (_, h) => (h.Wait(TimeSpan.FromSeconds(10)), 0), Ct);
        var rerunsBefore = store.RerunCount;

        // With a key, the stale append records it before finding its thread moved on: only a rerun with savepoints
        // undoes that record alone. Without one, it fails before writing anything and the batch runs once.
        var appends = threads.Select((t, i) => store.AppendAsync(
            new AppendBatch(Advance(t, 1), i == 3 ? t.ETag + 7 : t.ETag, [Message(1, $"m{i}")], keyed ? Idempotency(ns, $"key-{i}", t.Thread.Id) : null)
            {
                MovesLogOnly = true,
            },
            Ct)).ToArray();
        hold.Set();
        await holding;
        var outcomes = await Task.WhenAll(appends);

        Assert.Equal(reruns, store.RerunCount - rerunsBefore);
        Assert.Equal(AppendOutcome.Conflict, outcomes[3]);
        Assert.Null(await store.GetIdempotencyAsync(ns, "key-3", Ct));
        Assert.Empty(await ReadAllAsync(store, ns, threads[3].Thread.Id));
        for (var i = 0; i < threads.Length; i++)
        {
            if (i != 3)
            {
                Assert.Equal(AppendOutcome.Appended, outcomes[i]);
                Assert.Equal(keyed, await store.GetIdempotencyAsync(ns, $"key-{i}", Ct) is not null);
                Assert.Equal([$"m{i}"], Texts(await ReadAllAsync(store, ns, threads[i].Thread.Id)));
            }
        }
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task AppendAsync_WhileTheWalSyncIsBusy_HeldInTheOpenTransactionAndCommittedTogetherWhenItEnds(bool keyed, int reruns)
    {
        await using var store = database.NewStore();
        var (ns, threads) = await CreateThreadsAsync(store, 5);

        var (release, answered) = await BlockWalSyncAsync(store, threads[0], threads[1]);
        using var _ = release;

        // Meanwhile three appends come, one of them stale; a probe queued after them tells when the writer has run them.
        var commitsBefore = store.CommitCount;
        var rerunsBefore = store.RerunCount;
        var held = threads.Skip(2).Select((t, i) => store.AppendAsync(
            new AppendBatch(Advance(t, 1), i == 1 ? t.ETag + 7 : t.ETag, [Message(1, $"m{i + 2}")], keyed ? Idempotency(ns, $"key-{i + 2}", t.Thread.Id) : null)
            {
                MovesLogOnly = true,
            },
            Ct)).ToArray();
        var probe = await WriterReachedAsync(store);

        // Run but not committed: no other connection sees them, and nothing was committed since.
        Assert.Empty(await ReadAllAsync(store, ns, threads[2].Thread.Id));
        Assert.Equal(commitsBefore, store.CommitCount);
        Assert.DoesNotContain(held, t => t.IsCompleted);

        release.Set();
        Assert.All(await Task.WhenAll(answered), o => Assert.Equal(AppendOutcome.Appended, o));
        var outcomes = await Task.WhenAll(held);
        await probe;

        // One commit for all of them, taken by the sync thread once it was free; the stale one alone undone.
        Assert.Equal(commitsBefore + 1, store.CommitCount);
        Assert.Equal(reruns, store.RerunCount - rerunsBefore);
        Assert.Equal([AppendOutcome.Appended, AppendOutcome.Conflict, AppendOutcome.Appended], outcomes);
        Assert.Equal(["m2"], Texts(await ReadAllAsync(store, ns, threads[2].Thread.Id)));
        Assert.Empty(await ReadAllAsync(store, ns, threads[3].Thread.Id));
        Assert.Equal(["m4"], Texts(await ReadAllAsync(store, ns, threads[4].Thread.Id)));
        Assert.Equal(keyed, await store.GetIdempotencyAsync(ns, "key-2", Ct) is not null);
        Assert.Null(await store.GetIdempotencyAsync(ns, "key-3", Ct));
    }

    [Fact]
    public async Task AppendAsync_MoreHeldThanMaxBatchSize_CommittedInTransactionsOfAtMostThatMany()
    {
        await using var store = database.NewStore(maxBatchSize: 2);
        var (ns, threads) = await CreateThreadsAsync(store, 8);
        var (release, answered) = await BlockWalSyncAsync(store, threads[0], threads[1]);
        using var _ = release;
        var commitsBefore = store.CommitCount;

        var held = threads.Skip(2).Select(t => store.AppendAsync(new AppendBatch(Advance(t, 1), t.ETag, [Message(1, "x")], null), Ct)).ToArray();
        var probe = await WriterReachedAsync(store);
        release.Set();
        await Task.WhenAll(answered);
        await probe;

        // Seven writes (the probe too), at most two per transaction: four commits at least, one if the bound were not kept.
        Assert.All(await Task.WhenAll(held), o => Assert.Equal(AppendOutcome.Appended, o));
        Assert.InRange(store.CommitCount - commitsBefore, 4, 7);
        foreach (var thread in threads)
        {
            Assert.Single(await ReadAllAsync(store, ns, thread.Thread.Id));
        }
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentWriters_CommitsThemInFewerTransactions()
    {
        await using var store = database.NewStore();
        var (ns, threads) = await CreateThreadsAsync(store, 64);

        var commitsBefore = store.CommitCount;
        var writesBefore = store.WriteCount;
        var outcomes = await Task.WhenAll(threads.Select(t => store.AppendAsync(new AppendBatch(Advance(t, 1), t.ETag, [Message(1, "x")], null), Ct)));

        Assert.All(outcomes, o => Assert.Equal(AppendOutcome.Appended, o));
        var commits = store.CommitCount - commitsBefore;
        Assert.Equal(64, store.WriteCount - writesBefore);
        Assert.InRange(commits, 1, 63);
    }

    [Fact]
    public async Task AppendAsync_ManySequentialCommits_CheckpointsTheWal()
    {
        await using var store = database.NewStore(SqliteDurability.Normal);
        await store.InitializeAsync(Ct);
        var (ns, id) = NewIds();
        var current = NewThread(ns, id);
        await store.CreateThreadAsync(current, [], Ct);

        for (var seq = 1; seq <= 250; seq++)
        {
            var next = Advance(current, 1);
            await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(seq, "x")], null), Ct);
            current = next;
        }

        Assert.InRange(store.CheckpointCount, 1, 2);
        Assert.Equal(250, (await ReadAllAsync(store, ns, id)).Count);
    }

    [Fact]
    public async Task AppendAsync_OneFailingWriteInABatch_FailsAloneAndTheOthersCommit()
    {
        await using var store = database.NewStore();
        var (ns, threads) = await CreateThreadsAsync(store, 16);

        var duplicate = Message(1, "first");
        var bad = threads[7];
        var appends = threads.Select(t => t == bad
                ? store.AppendAsync(new AppendBatch(Advance(t, 2), t.ETag, [duplicate, duplicate with { Seq = 2 }], null), Ct)
                : store.AppendAsync(new AppendBatch(Advance(t, 1), t.ETag, [Message(1, "ok")], null), Ct))
            .ToArray();

        await Assert.ThrowsAsync<SqliteException>(() => appends[7]);
        foreach (var append in appends.Where((_, i) => i != 7))
        {
            Assert.Equal(AppendOutcome.Appended, await append);
        }

        AssertSame(bad, await store.GetThreadAsync(ns, bad.Thread.Id, Ct));
        Assert.Empty(await ReadAllAsync(store, ns, bad.Thread.Id));
        Assert.Equal(["ok"], Texts(await ReadAllAsync(store, ns, threads[8].Thread.Id)));
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var store = database.NewStore();
        await store.InitializeAsync(Ct);
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id);
        await store.CreateThreadAsync(thread, [], Ct);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(new AppendBatch(Advance(thread, 1), 1, [Message(1, "x")], null), Ct));
    }

    [Theory]
    [InlineData("", "must be set")]
    [InlineData("Data Source=:memory:", "in-memory")]
    [InlineData("Data Source=x.db;Mode=Memory", "in-memory")]
    [InlineData("Data Source=x.db;Mode=ReadOnly", "read-only")]
    [InlineData("Data Source=x.db;Bogus=1", "not a valid")]
    public void Validate_BadConnectionString_FailsNamingTheSetting(string connectionString, string expected)
    {
        var result = new SqliteStorageOptionsValidator().Validate(null, new SqliteStorageOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("ConnectionString", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PageSize", 256)]
    [InlineData("PageSize", 3000)]
    [InlineData("PageSize", 131072)]
    [InlineData("FoldSize", 15)]
    [InlineData("FoldSize", 65537)]
    public void Validate_SizeOutOfRange_FailsNamingItsKey(string option, int value)
    {
        var options = option == "PageSize" ? new SqliteStorageOptions { PageSize = value } : new SqliteStorageOptions { FoldSize = value };

        var result = new SqliteStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Threads:Storage:Sqlite:{option}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_TailLeftWhenWritesPause_FoldedWhenTheStoresClockPassesTheDelayNotBefore()
    {
        var clock = TestClock.Create();
        await using var store = database.NewStore(SqliteDurability.Normal, time: clock);
        await store.InitializeAsync(Ct);
        var (ns, id) = NewIds();
        await store.CreateThreadAsync(NewThread(ns, id, messageCount: 3), [Message(1, "m1"), Message(2, "m2"), Message(3, "m3")], Ct);
        var foldsBefore = store.FoldCount;

        // Longer than the delay on the wall clock: a writer that timed its delay there would have folded by now.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        Assert.Equal(foldsBefore, store.FoldCount);

        // The clock moves on until the fold is seen: the writer may not have gone idle when it first moves.
        for (var tries = 0; store.FoldCount == foldsBefore && tries < 200; tries++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, Ct);
        }

        Assert.Equal(foldsBefore + 1, store.FoldCount);
        Assert.Equal((3L, 3L, 0L), await CountLogAsync(store, id));
    }

    [Fact]
    public async Task AppendAsync_FoldSizeOption_MovesMessagesEveryThatMany()
    {
        await using var store = database.NewStore(SqliteDurability.Normal, foldSize: 16);
        await store.InitializeAsync(Ct);
        var (ns, id) = NewIds();
        var current = NewThread(ns, id);
        await store.CreateThreadAsync(current, [], Ct);
        var foldsBefore = store.FoldCount;

        for (var seq = 1; seq <= 40; seq++)
        {
            var next = Advance(current, 1);
            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(seq, $"m{seq}")], null), Ct));
            current = next;
        }

        // A move is due once 16 have come, and runs as the next transaction opens: after the 16th and the 32nd.
        Assert.Equal(2, store.FoldCount - foldsBefore);
        Assert.Equal((40L, 32L, 8L), await CountLogAsync(store, id));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), (await ReadAllAsync(store, ns, id)).Select(m => m.Seq));
        Assert.Equal(256, new SqliteStorageOptions().FoldSize);
    }

    [Fact]
    public async Task AppendAsync_AfterTheNewestIndexedMessagesWereDeleted_StaysReadable()
    {
        // A file of its own, so that no other test's messages wait to be folded.
        var path = Path.Combine(database.Folder, "fold-mark-" + Guid.NewGuid().ToString("N") + ".db");
        await using var store = new SqliteThreadStore(
            Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={path}", Durability = SqliteDurability.Normal, FoldSize = 16 }),
            NullLogger<SqliteThreadStore>.Instance);
        await store.InitializeAsync(Ct);
        var (ns, kept) = NewIds();
        var deleted = NewThreadId();
        var current = NewThread(ns, kept, messageCount: 8);
        await store.CreateThreadAsync(current, [.. Enumerable.Range(1, 8).Select(i => Message(i, $"k{i}"))], Ct);
        await store.CreateThreadAsync(NewThread(ns, deleted, messageCount: 8), [.. Enumerable.Range(1, 8).Select(i => Message(i, $"d{i}"))], Ct);

        // The fold is due: it runs when the writer goes idle or, at the latest, as the next write's transaction opens.
        await store.CreateThreadAsync(NewThread(ns, NewThreadId()), [], Ct);
        Assert.Equal(1, store.FoldCount);
        Assert.Equal((8L, 8L, 0L), await CountLogAsync(store, deleted));

        // The delete removes the newest indexed rows.
        Assert.True(await store.DeleteThreadAsync(ns, deleted, null, Ct));
        var next = Advance(current, 1);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(9, "k9")], null), Ct));

        // The new row takes the freed place in the log: it must still count as not yet indexed.
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"k{i}"), Texts(await ReadAllAsync(store, ns, kept)));
        Assert.Equal((9L, 8L, 1L), await CountLogAsync(store, kept));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(Advance(next, 1), next.ETag, [Message(10, "k10")], null), Ct));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"k{i}"), Texts(await ReadAllAsync(store, ns, kept)));
    }

    [Fact]
    public async Task InitializeAsync_VersionFiveFileWithMessagesInBothTables_MovesThemIntoOneIndexedLog()
    {
        var path = Path.Combine(database.Folder, "v5-" + Guid.NewGuid().ToString("N") + ".db");
        ThreadMessage[] messages = [Message(1, "m1"), Message(2, "m2", runId: "r"), Message(3, "m3"), Message(4, "m4", runId: "r"), Message(5, "m5")];
        var bodies = SqliteRows.Bodies(messages);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            List<string> scripts = [.. new[] { "001_initial", "002_state_locks_runs_files", "003_message_ids_by_time", "004_idempotency_by_created", "005_recent_messages" }.Select(n => Script(n + ".sql"))];
            foreach (var sql in (string[])[
                "PRAGMA journal_mode = WAL", .. scripts,
                "CREATE TABLE schema_version (version INTEGER NOT NULL)", "INSERT INTO schema_version (version) VALUES (5)",
                "INSERT INTO threads (ns, id, metadata, hidden, archived, message_count, last_seq, created_at, updated_at, version, etag) "
                + "VALUES ('old', 't1', '{}', 0, 0, 5, 5, 1767225600000, 1767225600000, 1, 1)"])
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }

            // The newest two wait in recent_messages, inserted before the older ones to show that order does not matter.
            foreach (var i in (int[])[3, 4, 0, 1, 2])
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"INSERT INTO {(i >= 3 ? "recent_messages" : "messages")} (ns, thread_id, seq, id, role, run_id, created_at, body) "
                    + "VALUES ('old', 't1', $seq, $id, 'user', $run, 1767225600000, $body)";
                command.Parameters.AddWithValue("$seq", messages[i].Seq);
                command.Parameters.AddWithValue("$id", messages[i].Id);
                command.Parameters.AddWithValue("$run", (object?)messages[i].RunId ?? DBNull.Value);
                command.Parameters.AddWithValue("$body", bodies[i]);
                command.ExecuteNonQuery();
            }
        }

        await using var store = new SqliteThreadStore(Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={path}" }), NullLogger<SqliteThreadStore>.Instance);
        await store.InitializeAsync(Ct);

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], Texts(await ReadAllAsync(store, "old", "t1")));
        Assert.Equal((5L, 5L, 0L), await CountLogAsync(store, "t1"));
        Assert.Equal([2L, 4L], (await store.ReadMessagesAsync("old", "t1", new MessageRange(null, null, false, 10, "r"), Ct)).Select(m => m.Seq));
        var stored = await store.GetThreadAsync("old", "t1", Ct);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(Advance(stored!, 1), stored!.ETag, [Message(6, "m6")], null), Ct));
        Assert.Equal(["m6", "m5"], Texts(await store.ReadMessagesAsync("old", "t1", new MessageRange(null, null, true, 2), Ct)));
        var indexes = await store.ReadRawAsync(
            static connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT group_concat(name || ':' || tbl_name, ',') FROM (SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name LIKE 'messages_by_%' ORDER BY name)";
                return (string)command.ExecuteScalar()!;
            },
            Ct);
        Assert.Equal("messages_by_id:messages,messages_by_run:messages_by_thread", indexes);
    }

    [Fact]
    public async Task InitializeAsync_NewFile_UsesThePageSizeOption()
    {
        var path = Path.Combine(database.Folder, "pages-" + Guid.NewGuid().ToString("N") + ".db");
        await using var store = new SqliteThreadStore(
            Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={path}", PageSize = 8192 }), NullLogger<SqliteThreadStore>.Instance);

        await store.InitializeAsync(Ct);

        Assert.Equal(8192L, await store.ReadWriterPragmaAsync("page_size", Ct));
        Assert.Equal(2048, new SqliteStorageOptions().PageSize);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new SqliteStorageOptionsValidator().Validate(null, new SqliteStorageOptions()).Succeeded);
        Assert.Equal("Data Source=data/threads.db", new SqliteStorageOptions().ConnectionString);
        Assert.Equal(SqliteDurability.Full, new SqliteStorageOptions().Durability);
    }

    [Fact]
    public async Task AddThreadsSqliteStorage_Configured_ResolvesTheStoreAndValidatesOptions()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString);
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IThreadStore>();
            Assert.IsType<SqliteThreadStore>(store);
            Assert.True(await store.PingAsync(Ct));
        }

        var invalid = new ServiceCollection();
        invalid.AddThreadsSqliteStorage(o => o.MaxBatchSize = 0);
        await using var invalidProvider = invalid.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => invalidProvider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value);
        Assert.Contains("MaxBatchSize", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Queues a write that does nothing and waits until the writer has run it, and so every write queued before it.</summary>
    private static async Task<Task<int>> WriterReachedAsync(SqliteThreadStore store)
    {
        using var ran = new ManualResetEventSlim();
        var probe = store.WriteAsync(ran, static (_, r) =>
        {
            r.Set();
            return (true, 0);
        }, Ct);
        Assert.True(await Task.Run(() => ran.Wait(TimeSpan.FromSeconds(10))));
        return probe;
    }

    /// <summary>
    /// Makes the WAL sync thread busy until the returned event is set: two appends queued behind a held writer run as one
    /// batch, which that thread syncs and answers; the first answer's continuation runs on it and blocks it there.
    /// </summary>
    private static async Task<(ManualResetEventSlim Release, Task<AppendOutcome>[] Answered)> BlockWalSyncAsync(
        SqliteThreadStore store, StoredThread first, StoredThread second)
    {
        using var hold = new ManualResetEventSlim();
        using var syncBusy = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var holding = store.WriteAsync(hold, static (_, h) => (h.Wait(TimeSpan.FromSeconds(10)), 0), Ct);
        string? answeredOn = null;
        var blocked = store.AppendAsync(new AppendBatch(Advance(first, 1), first.ETag, [Message(1, "first")], null), Ct).ContinueWith(
            t =>
            {
                answeredOn = Thread.CurrentThread.Name;
                syncBusy.Set();
                release.Wait(TimeSpan.FromSeconds(10));
                return t.Result;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        var other = store.AppendAsync(new AppendBatch(Advance(second, 1), second.ETag, [Message(1, "second")], null), Ct);
        hold.Set();
        await holding;

        // Not blocking here: this continuation may run on the writer's thread, which answered the holding write.
        Assert.True(await Task.Run(() => syncBusy.Wait(TimeSpan.FromSeconds(10))));
        Assert.Equal("Threads SQLite WAL sync", answeredOn);
        return (release, [blocked, other]);
    }

    /// <summary>Opens the store and creates <paramref name="count"/> empty threads in a new namespace.</summary>
    private static async Task<(string Ns, StoredThread[] Threads)> CreateThreadsAsync(SqliteThreadStore store, int count)
    {
        await store.InitializeAsync(Ct);
        var ns = NewNamespace();
        var threads = Enumerable.Range(0, count).Select(_ => NewThread(ns, NewThreadId())).ToArray();
        foreach (var thread in threads)
        {
            await store.CreateThreadAsync(thread, [], Ct);
        }

        return (ns, threads);
    }

    private static Task<string> ExplainAsync(SqliteThreadStore store, string sql, IEnumerable<(string Name, object Value)> parameters) =>
        store.ReadRawAsync(
            connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + sql;
                foreach (var (name, value) in parameters)
                {
                    if (sql.Contains(name, StringComparison.Ordinal))
                    {
                        command.Parameters.AddWithValue(name, value);
                    }
                }

                using var reader = command.ExecuteReader();
                var lines = new List<string>();
                while (reader.Read())
                {
                    lines.Add(reader.GetString(3));
                }

                return string.Join("\n", lines);
            },
            Ct);

    /// <summary>The thread's rows in the log, its entries in messages_by_thread, and its rows in the log's tail (not yet indexed).</summary>
    private static Task<(long Log, long Indexed, long Tail)> CountLogAsync(SqliteThreadStore store, string threadId) =>
        store.ReadRawAsync(
            connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT (SELECT count(*) FROM messages WHERE thread_id = $id), (SELECT count(*) FROM messages_by_thread WHERE thread_id = $id), "
                    + "(SELECT count(*) FROM messages WHERE thread_id = $id AND pos > (SELECT through FROM message_fold))";
                command.Parameters.AddWithValue("$id", threadId);
                using var reader = command.ExecuteReader();
                reader.Read();
                return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            },
            Ct);

    private static string Script(string name)
    {
        using var stream = typeof(SqliteThreadStore).Assembly.GetManifestResourceStream("Threads.Grains.Storage.Sqlite.Schema." + name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// The conformance suite on a store that folds its log's tail every 16 messages, the smallest fold allowed: reads and
/// searches then go through the indexes and the tail together, where the default fold keeps short tests in the tail.
/// </summary>
public sealed class SqliteSmallFoldThreadStoreTests(SqliteDatabaseFixture database) : ThreadStoreConformanceTests, IClassFixture<SqliteDatabaseFixture>
{
    protected override async Task<IThreadStore> CreateStoreAsync()
    {
        var store = database.NewStore(foldSize: 16);
        await store.InitializeAsync(Ct);
        return store;
    }
}
