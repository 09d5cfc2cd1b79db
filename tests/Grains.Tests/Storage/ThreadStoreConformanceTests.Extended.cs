using System.Text;
using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>The store rules for state, locks, runs, schemas, files and import.</summary>
public abstract partial class ThreadStoreConformanceTests
{
    [Fact]
    public async Task StoredThread_StateAndLockFields_RoundTripThroughEveryWrite()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id) with { StateJson = """{"a":1,"big":12345678901234567890}""", StateVersion = 1 };
        Assert.True(await store.CreateThreadAsync(created, [], Ct));
        AssertSame(created, await store.GetThreadAsync(ns, id, Ct));

        var locked = created with { ETag = 2, LockHolder = "agent-1", LockExpiresAt = T0.AddMinutes(5), LockToken = 7, StateJson = """{"a":2}""", StateVersion = 2 };
        Assert.True(await store.UpdateThreadAsync(locked, 1, Ct));
        AssertSame(locked, await store.GetThreadAsync(ns, id, Ct));

        var appended = Advance(locked, 1);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(appended, 2, [Message(1, "m")], null), Ct));
        AssertSame(appended, await store.GetThreadAsync(ns, id, Ct));

        var released = appended with { ETag = appended.ETag + 1, LockHolder = null, LockExpiresAt = null };
        Assert.True(await store.UpdateThreadAsync(released, appended.ETag, Ct));
        var read = await store.GetThreadAsync(ns, id, Ct);
        AssertSame(released, read);
        Assert.Equal(7, read!.LockToken);
    }

    [Fact]
    public async Task AppendAsync_WithRunAndCheckpoint_WritesAllInOneTransaction()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id);
        await store.CreateThreadAsync(thread, [], Ct);
        var run = Run(ns, id, "run-1", T0);

        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(thread with { ETag = 2 }, 1, [], null) { Run = run }, Ct));
        var checkpoint = new StoredCheckpoint(1, new CheckpointInfo("step", 1, 2, T0.AddSeconds(1)));
        var renewed = run with { Run = run.Run with { LeaseExpiresAt = T0.AddMinutes(10), LastCheckpoint = checkpoint.Checkpoint }, CheckpointCount = 1 };
        var withMessage = Advance(thread with { ETag = 2 }, 1);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(withMessage, 2, [Message(1, "m", runId: "run-1")], null) { Run = renewed, Checkpoint = checkpoint }, Ct));

        var stored = await store.GetRunAsync(ns, id, "run-1", Ct);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.CheckpointCount);
        Assert.Equal(300, stored.LeaseSeconds);
        Assert.Equal(T0.AddMinutes(10), stored.Run.LeaseExpiresAt);
        Assert.Equal(checkpoint.Checkpoint, stored.Run.LastCheckpoint);
        Assert.Equal("v", stored.Run.Metadata!["k"]);
        Assert.Equal([checkpoint], await store.ListCheckpointsAsync(ns, id, "run-1", Ct));
    }

    [Fact]
    public async Task AppendAsync_RunWithStaleETag_WritesNothing()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id);
        await store.CreateThreadAsync(thread, [], Ct);
        var run = Run(ns, id, "run-1", T0);
        var checkpoint = new StoredCheckpoint(1, new CheckpointInfo(null, 1, 1, T0));

        var outcome = await store.AppendAsync(new AppendBatch(Advance(thread, 1), 5, [Message(1, "m")], null) { Run = run, Checkpoint = checkpoint }, Ct);

        Assert.Equal(AppendOutcome.Conflict, outcome);
        Assert.Null(await store.GetRunAsync(ns, id, "run-1", Ct));
        Assert.Empty(await store.ListCheckpointsAsync(ns, id, "run-1", Ct));
        Assert.Empty(await ReadAllAsync(store, ns, id));
    }

    [Fact]
    public async Task ListRunsAsync_NewestFirstWithStatusAndKeyset()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id);
        await store.CreateThreadAsync(thread, [], Ct);
        for (var i = 0; i < 5; i++)
        {
            var run = Run(ns, id, $"r{i}", T0.AddSeconds(i));
            if (i == 1)
            {
                run = run with { Run = run.Run with { Status = RunStatus.Completed, EndedAt = T0.AddMinutes(1) } };
            }

            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(thread with { ETag = thread.ETag + 1 }, thread.ETag, [], null) { Run = run }, Ct));
            thread = thread with { ETag = thread.ETag + 1 };
        }

        var all = await store.ListRunsAsync(ns, id, new RunFilter { Limit = 10 }, Ct);
        var page = await store.ListRunsAsync(ns, id, new RunFilter { Limit = 2, After = (T0.AddSeconds(3), "r3") }, Ct);
        var completed = await store.ListRunsAsync(ns, id, new RunFilter { StoredStatuses = [RunStatus.Completed] }, Ct);

        Assert.Equal(["r4", "r3", "r2", "r1", "r0"], all.Select(r => r.Run.RunId));
        Assert.Equal(["r2", "r1"], page.Select(r => r.Run.RunId));
        Assert.Equal(["r1"], completed.Select(r => r.Run.RunId));
        Assert.Equal(T0.AddMinutes(1), completed[0].Run.EndedAt);
    }

    [Fact]
    public async Task PutSchemaAsync_VersionChecked()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var first = new StoredSchema(ns, "agent", """{"type":"object"}""", 1, T0);
        var second = first with { SchemaJson = """{"type":"object","required":["a"]}""", Version = 2, UpdatedAt = T0.AddSeconds(1) };

        Assert.True(await store.PutSchemaAsync(first, 0, Ct));
        Assert.False(await store.PutSchemaAsync(first, 0, Ct));
        Assert.True(await store.PutSchemaAsync(second, 1, Ct));
        Assert.False(await store.PutSchemaAsync(second with { Version = 3 }, 1, Ct));

        Assert.Equal(second, await store.GetSchemaAsync(ns, "agent", Ct));
        Assert.Null(await store.GetSchemaAsync(NewNamespace(), "agent", Ct));
    }

    [Fact]
    public async Task ListSchemasAsync_PagesByIdWithinTheNamespace()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        foreach (var id in (string[])["b", "a", "B", "c"])
        {
            Assert.True(await store.PutSchemaAsync(new StoredSchema(ns, id, $$"""{"title":"{{id}}"}""", 1, T0), 0, Ct));
        }

        Assert.True(await store.PutSchemaAsync(new StoredSchema(NewNamespace(), "a", "{}", 1, T0), 0, Ct));

        var first = await store.ListSchemasAsync(ns, null, 3, Ct);
        var rest = await store.ListSchemasAsync(ns, first[^1].Id, 3, Ct);

        Assert.Equal(["B", "a", "b"], first.Select(static s => s.Id));
        Assert.Equal(new StoredSchema(ns, "c", """{"title":"c"}""", 1, T0), Assert.Single(rest));
        Assert.Empty(await store.ListSchemasAsync(NewNamespace(), null, 3, Ct));
    }

    [Fact]
    public async Task DeleteSchemaAsync_Present_GoneFromGetAndList_OthersKept()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await store.PutSchemaAsync(new StoredSchema(ns, "gone", "{}", 1, T0), 0, Ct);
        await store.PutSchemaAsync(new StoredSchema(ns, "kept", "{}", 1, T0), 0, Ct);

        Assert.True(await store.DeleteSchemaAsync(ns, "gone", Ct));
        Assert.False(await store.DeleteSchemaAsync(ns, "gone", Ct));

        Assert.Null(await store.GetSchemaAsync(ns, "gone", Ct));
        Assert.Equal(["kept"], (await store.ListSchemasAsync(ns, null, 10, Ct)).Select(static s => s.Id));
        Assert.True(await store.PutSchemaAsync(new StoredSchema(ns, "gone", "{}", 1, T0), 0, Ct));
    }

    [Fact]
    public async Task ListNamespacesAsync_NamespacesHoldingThreads_InOrderAfterTheCursor()
    {
        var store = await StoreAsync();
        var prefix = NewNamespace();
        foreach (var ns in (string[])[$"{prefix}-b", $"{prefix}-a", $"{prefix}-b", $"{prefix}-c"])
        {
            Assert.True(await store.CreateThreadAsync(NewThread(ns, NewThreadId()), [], Ct));
        }

        await store.PutSchemaAsync(new StoredSchema($"{prefix}-schema-only", "s", "{}", 1, T0), 0, Ct);

        var page = await store.ListNamespacesAsync($"{prefix}-", 2, Ct);
        var next = await store.ListNamespacesAsync(page[^1], 100, Ct);

        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], page);
        Assert.Equal($"{prefix}-c", next[0]);
        Assert.DoesNotContain($"{prefix}-schema-only", next);
        Assert.All(next, ns => Assert.True(string.CompareOrdinal(ns, $"{prefix}-b") > 0));
    }

    [Fact]
    public async Task Files_PutListGetDelete_ConditionalOnETag()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id);
        await store.CreateThreadAsync(thread, [], Ct);
        byte[] bytes = [0, 1, 2, 255, 0];
        var b = NewFile("b.bin", bytes);
        var a = NewFile("a.txt", Encoding.UTF8.GetBytes("hello"));

        Assert.True(await store.PutFileAsync(thread with { ETag = 2 }, 1, b, Ct));
        Assert.False(await store.PutFileAsync(thread with { ETag = 3 }, 1, a, Ct));
        Assert.True(await store.PutFileAsync(thread with { ETag = 3 }, 2, a, Ct));

        Assert.Equal([a.Info, b.Info], await store.ListFilesAsync(ns, id, Ct));
        var read = await store.GetFileAsync(ns, id, "b.bin", Ct);
        Assert.Equal(bytes, read!.Content);
        Assert.Equal(b.Info, read.Info);
        Assert.Equal(3, (await store.GetETagAsync(ns, id, Ct))!.Value);

        var replaced = NewFile("b.bin", [9]);
        Assert.True(await store.PutFileAsync(thread with { ETag = 4 }, 3, replaced, Ct));
        Assert.Equal([9], (await store.GetFileAsync(ns, id, "b.bin", Ct))!.Content);
        Assert.False(await store.DeleteFileAsync(thread with { ETag = 5 }, 3, "b.bin", Ct));
        Assert.True(await store.DeleteFileAsync(thread with { ETag = 5 }, 4, "b.bin", Ct));
        Assert.Null(await store.GetFileAsync(ns, id, "b.bin", Ct));
        Assert.Null(await store.GetFileAsync(NewNamespace(), id, "a.txt", Ct));
    }

    [Fact]
    public async Task CloneThreadAsync_CopiesFilesAndState()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id) with { StateJson = """{"s":1}""" };
        await store.CreateThreadAsync(thread, [], Ct);
        var file = NewFile("plan.md", [1, 2]);
        await store.PutFileAsync(thread with { ETag = 2 }, 1, file, Ct);
        var cloneId = NewThreadId();
        var clone = NewThread(ns, cloneId) with { StateJson = """{"s":1}""", StateVersion = 4, Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 0) } };

        Assert.Equal(0, await store.CloneThreadAsync(id, clone, Ct));

        Assert.Equal([1, 2], (await store.GetFileAsync(ns, cloneId, "plan.md", Ct))!.Content);
        var stored = await store.GetThreadAsync(ns, cloneId, Ct);
        Assert.Equal(("""{"s":1}""", 4L), (stored!.StateJson, stored.StateVersion));
    }

    [Fact]
    public async Task DeleteThreadAsync_StaleETag_DeletesNothing()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        await store.CreateThreadAsync(NewThread(ns, id), [], Ct);

        Assert.False(await store.DeleteThreadAsync(ns, id, 9, Ct));
        Assert.NotNull(await store.GetThreadAsync(ns, id, Ct));
        Assert.True(await store.DeleteThreadAsync(ns, id, 1, Ct));
    }

    [Fact]
    public async Task DeleteThreadAsync_RemovesRunsCheckpointsAndFiles()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id);
        await store.CreateThreadAsync(thread, [], Ct);
        var run = Run(ns, id, "run-1", T0);
        await store.AppendAsync(new AppendBatch(thread with { ETag = 2 }, 1, [], null) { Run = run, Checkpoint = new StoredCheckpoint(1, new CheckpointInfo(null, 0, 1, T0)) }, Ct);
        await store.PutFileAsync(thread with { ETag = 3 }, 2, NewFile("f", [1]), Ct);

        Assert.True(await store.DeleteThreadAsync(ns, id, null, Ct));

        Assert.Null(await store.GetRunAsync(ns, id, "run-1", Ct));
        Assert.Empty(await store.ListCheckpointsAsync(ns, id, "run-1", Ct));
        Assert.Empty(await store.ListFilesAsync(ns, id, Ct));
        Assert.Null(await store.GetFileAsync(ns, id, "f", Ct));
        // A new thread with the same id starts with none of it.
        await store.CreateThreadAsync(NewThread(ns, id), [], Ct);
        Assert.Empty(await store.ListRunsAsync(ns, id, new RunFilter(), Ct));
    }

    [Fact]
    public async Task ImportThreadAsync_KeepsSeqsIdsTimesAndFiles_OnceOnly()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        ThreadMessage[] messages = [Message(3, "three"), Message(4, "four")];
        var thread = NewThread(ns, id, messageCount: 2) with { StateJson = """{"x":true}""", StateVersion = 6 };
        thread = thread with { Thread = thread.Thread with { LastSeq = 4, Version = 5 } };
        var file = NewFile("f.bin", [5, 6, 7]);

        Assert.True(await store.ImportThreadAsync(thread, messages, [file], Ct));
        Assert.False(await store.ImportThreadAsync(thread, [Message(1, "other")], [], Ct));

        AssertSame(thread, await store.GetThreadAsync(ns, id, Ct));
        AssertSame(messages, await ReadAllAsync(store, ns, id));
        Assert.Equal([5, 6, 7], (await store.GetFileAsync(ns, id, "f.bin", Ct))!.Content);
    }

    protected static StoredRun Run(string ns, string threadId, string runId, DateTimeOffset startedAt) =>
        new(
            ns,
            threadId,
            new RunInfo
            {
                RunId = runId,
                Status = RunStatus.Running,
                StartedAt = startedAt,
                LeaseExpiresAt = startedAt.AddMinutes(5),
                Metadata = new Dictionary<string, string> { ["k"] = "v" },
            },
            CheckpointCount: 0,
            LeaseSeconds: 300);

    protected static StoredFile NewFile(string filename, byte[] content) =>
        new(new ThreadFileInfo(Identifiers.NewFileId(), filename, content.Length, "application/octet-stream", T0), content);
}
