using Npgsql;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Postgres;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>Group commit: appends that share a transaction keep each other's outcomes apart.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresAppendBatchingTests(PostgresDatabaseFixture database)
{
    private const int Threads = 24;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_ManyAtOnceOneStale_OnlyTheStaleOneConflicts()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"), o => o.AppendWriters = 1);
        var ns = NewNamespace();
        var threads = await CreateThreadsAsync(store, ns);

        var outcomes = await Task.WhenAll(threads.Select((t, i) =>
            store.AppendAsync(new AppendBatch(Advance(t), i == 5 ? t.ETag + 7 : t.ETag, [Message(1, $"m{i}")], null), Ct)));

        Assert.Equal(AppendOutcome.Conflict, outcomes[5]);
        Assert.All(outcomes.Where((_, i) => i != 5), o => Assert.Equal(AppendOutcome.Appended, o));
        Assert.Empty(await store.ReadMessagesAsync(ns, threads[5].Thread.Id, new MessageRange(null, null, false, 10), Ct));
        Assert.Equal(1, (await store.GetThreadAsync(ns, threads[5].Thread.Id, Ct))!.ETag);
        Assert.Equal(2, (await store.GetThreadAsync(ns, threads[6].Thread.Id, Ct))!.ETag);
    }

    [Fact]
    public async Task AppendAsync_ManyAtOnce_AnsweredAfterAFlushThatCoversTheirBatches()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"), o => o.AppendWriters = 1);
        var ns = NewNamespace();
        var threads = await CreateThreadsAsync(store, ns);
        var flushesBefore = store.WalFlushCount;

        var outcomes = await Task.WhenAll(threads.Select((t, i) => store.AppendAsync(new AppendBatch(Advance(t), t.ETag, [Message(1, $"m{i}")], null), Ct)));

        // Committed in batches without waiting for the disk, and answered after synchronous commits, fewer than the appends.
        Assert.All(outcomes, o => Assert.Equal(AppendOutcome.Appended, o));
        Assert.InRange(store.WalFlushCount - flushesBefore, 1, threads.Length - 1);
        foreach (var thread in threads)
        {
            Assert.Single(await store.ReadMessagesAsync(ns, thread.Thread.Id, new MessageRange(null, null, false, 10), Ct));
        }
    }

    [Fact]
    public async Task AppendAsync_OneAtATime_CommitsEachSynchronouslyWithoutAFlush()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"), o => o.AppendWriters = 1);
        var ns = NewNamespace();
        var current = (await CreateThreadsAsync(store, ns, count: 1))[0];
        var flushesBefore = store.WalFlushCount;

        for (var seq = 1; seq <= 5; seq++)
        {
            var next = Advance(current);
            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(seq, $"m{seq}")], null), Ct));
            current = next;
        }

        Assert.Equal(0, store.WalFlushCount - flushesBefore);
        Assert.Equal(5, (await store.ReadMessagesAsync(ns, current.Thread.Id, new MessageRange(null, null, false, 10), Ct)).Count);
    }

    [Fact]
    public async Task AppendAsync_ManyAtOnceOneRefusedByTheServer_FailsOnlyThatOne()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"), o => o.AppendWriters = 1);
        var ns = NewNamespace();
        var threads = await CreateThreadsAsync(store, ns);

        // Two messages with one id in one thread break the message ids' uniqueness: the server rolls the batch back.
        var twin = Message(1, "a");
        var appends = threads.Select((t, i) => i == 3
            ? store.AppendAsync(new AppendBatch(Advance(t, 2), t.ETag, [twin, twin with { Seq = 2 }], null), Ct)
            : store.AppendAsync(new AppendBatch(Advance(t), t.ETag, [Message(1, $"m{i}")], null), Ct)).ToArray();

        await Assert.ThrowsAsync<PostgresException>(() => appends[3]);
        Assert.All(appends.Where((_, i) => i != 3), a => Assert.Equal(AppendOutcome.Appended, a.Result));
        Assert.Equal(1, (await store.GetThreadAsync(ns, threads[3].Thread.Id, Ct))!.ETag);
        Assert.Single(await store.ReadMessagesAsync(ns, threads[4].Thread.Id, new MessageRange(null, null, false, 10), Ct));
    }

    [Fact]
    public async Task AppendAsync_SameKeyOnManyThreadsAtOnce_AppendsOnceAndReportsTheRestAsDuplicates()
    {
        await using var first = await database.NewInitializedStoreAsync(database.Schema("batching"));
        await using var second = await database.NewInitializedStoreAsync(database.Schema("batching"));
        var ns = NewNamespace();
        var threads = await CreateThreadsAsync(first, ns);

        var outcomes = await Task.WhenAll(threads.Select((t, i) =>
            (i % 2 == 0 ? first : second).AppendAsync(
                new AppendBatch(Advance(t), t.ETag, [Message(1, $"m{i}")], new IdempotencyRecord(ns, "key-1", "h", t.Thread.Id, 201, "{}", T0)),
                Ct)));

        var winner = Assert.Single(outcomes.Select((o, i) => (o, i)), p => p.o == AppendOutcome.Appended).i;
        Assert.All(outcomes.Where((_, i) => i != winner), o => Assert.Equal(AppendOutcome.DuplicateRequest, o));
        Assert.Equal(threads[winner].Thread.Id, (await first.GetIdempotencyAsync(ns, "key-1", Ct))!.ThreadId);
        for (var i = 0; i < threads.Length; i++)
        {
            var messages = await first.ReadMessagesAsync(ns, threads[i].Thread.Id, new MessageRange(null, null, false, 10), Ct);
            Assert.Equal(i == winner ? 1 : 0, messages.Count);
        }
    }

    [Fact]
    public async Task AppendAsync_TwoOnOneThreadInOneBatch_OneAppendsAndOnlyItsMessagesAreWritten()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"), o => o.AppendWriters = 1);
        var ns = NewNamespace();
        var threads = await CreateThreadsAsync(store, ns, count: 3);
        var contested = threads[1];

        var appends = threads.Select(t => store.AppendAsync(new AppendBatch(Advance(t), t.ETag, [Message(1, "first")], null), Ct))
            .Append(store.AppendAsync(new AppendBatch(Advance(contested), contested.ETag, [Message(1, "second")], null), Ct))
            .ToArray();
        var outcomes = await Task.WhenAll(appends);

        Assert.Equal([AppendOutcome.Appended, AppendOutcome.Appended], new[] { outcomes[0], outcomes[2] });
        Assert.Equal(1, new[] { outcomes[1], outcomes[3] }.Count(o => o == AppendOutcome.Appended));
        Assert.Equal(1, new[] { outcomes[1], outcomes[3] }.Count(o => o == AppendOutcome.Conflict));
        var written = Assert.Single(await store.ReadMessagesAsync(ns, contested.Thread.Id, new MessageRange(null, null, false, 10), Ct));
        Assert.Equal(outcomes[1] == AppendOutcome.Appended ? "first" : "second", ((TextPart)written.Content[0]).Text);
    }

    [Fact]
    public async Task AppendAsync_RunsAndCheckpointsInOneBatchOneStale_WritesOnlyTheFreshOnes()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"), o => o.AppendWriters = 1);
        var ns = NewNamespace();
        var threads = await CreateThreadsAsync(store, ns, count: 6);

        var outcomes = await Task.WhenAll(threads.Select((t, i) =>
        {
            var run = new StoredRun(ns, t.Thread.Id, new RunInfo { RunId = $"run-{i}", Status = RunStatus.Running, StartedAt = T0, LeaseExpiresAt = T0.AddMinutes(5) }, 1, 300);
            var checkpoint = new StoredCheckpoint(1, new CheckpointInfo($"cp-{i}", i % 2, 1, T0));
            var batch = new AppendBatch(Advance(t, i % 2), i == 2 ? t.ETag + 3 : t.ETag, i % 2 == 1 ? [Message(1, $"m{i}")] : [], null)
            {
                Run = run,
                Checkpoint = i % 3 == 0 ? null : checkpoint,
            };
            return store.AppendAsync(batch, Ct);
        }));

        for (var i = 0; i < threads.Length; i++)
        {
            var id = threads[i].Thread.Id;
            Assert.Equal(i == 2 ? AppendOutcome.Conflict : AppendOutcome.Appended, outcomes[i]);
            var run = await store.GetRunAsync(ns, id, $"run-{i}", Ct);
            var checkpoints = await store.ListCheckpointsAsync(ns, id, $"run-{i}", Ct);
            var messages = await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, 10), Ct);
            Assert.Equal(i != 2, run is not null);
            Assert.Equal(i != 2 && i % 3 != 0 ? [$"cp-{i}"] : Array.Empty<string>(), checkpoints.Select(c => c.Checkpoint.Label));
            Assert.Equal(i != 2 && i % 2 == 1 ? 1 : 0, messages.Count);
        }
    }

    [Fact]
    public async Task AppendAsync_SixteenCallersBackToBack_WaitForEachOtherAndCommitTogether()
    {
        // A linger far longer than a round trip: once 16 appends have committed together, each smaller batch after
        // them waits for all 16 callers. Without it the callers fall into two groups, each committing its own batches.
        const int Appenders = 16, Rounds = 10;
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"), o =>
        {
            o.AppendWriters = 1;
            o.AppendLinger = TimeSpan.FromMilliseconds(100);
        });
        var ns = NewNamespace();
        var threads = await CreateThreadsAsync(store, ns, count: Appenders);
        var batchesBefore = store.AppendBatchCount;

        await Task.WhenAll(threads.Select(thread => Task.Run(async () =>
        {
            var current = thread;
            for (var round = 1; round <= Rounds; round++)
            {
                var next = Advance(current);
                Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(round, $"m{round}")], null), Ct));
                current = next;
            }
        })));

        // 160 appends: ten batches of 16, and a few more while the callers fall into step.
        Assert.InRange(store.AppendBatchCount - batchesBefore, Rounds, Rounds + 4);
        foreach (var thread in threads)
        {
            Assert.Equal(Rounds, (await store.ReadMessagesAsync(ns, thread.Thread.Id, new MessageRange(null, null, false, 20), Ct)).Count);
        }
    }

    [Fact]
    public async Task AppendAsync_CancelledBeforeItIsTaken_ThrowsAndWritesNothing()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("batching"));
        var ns = NewNamespace();
        var thread = (await CreateThreadsAsync(store, ns, count: 1))[0];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.AppendAsync(new AppendBatch(Advance(thread), thread.ETag, [Message(1, "m")], null), new CancellationToken(canceled: true)));

        Assert.Equal(1, await store.GetETagAsync(ns, thread.Thread.Id, Ct));
    }

    private static async Task<StoredThread[]> CreateThreadsAsync(PostgresThreadStore store, string ns, int count = Threads)
    {
        var threads = Enumerable.Range(0, count).Select(_ => new StoredThread(
            new ThreadInfo { Id = Identifiers.NewThreadId(), Namespace = ns, CreatedAt = T0, UpdatedAt = T0, Version = 1 },
            ETag: 1)).ToArray();
        foreach (var thread in threads)
        {
            Assert.True(await store.CreateThreadAsync(thread, [], Ct));
        }

        return threads;
    }

    private static StoredThread Advance(StoredThread current, int count = 1) =>
        new(current.Thread with { LastSeq = current.Thread.LastSeq + count, MessageCount = current.Thread.MessageCount + count, UpdatedAt = T0.AddSeconds(1) }, current.ETag + 1);

    private static ThreadMessage Message(long seq, string text) =>
        new() { Seq = seq, Id = Identifiers.NewMessageId(TimeProvider.System.GetUtcNow()), Role = MessageRole.User, Content = [new TextPart(text)], CreatedAt = T0.AddSeconds(1) };

    private static string NewNamespace() => "ns-" + Guid.NewGuid().ToString("N")[..16];
}
