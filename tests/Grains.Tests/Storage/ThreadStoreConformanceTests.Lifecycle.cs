using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>The store rules for cloning, deleting and importing a whole thread: its runs, checkpoints, files and state go with it.</summary>
public abstract partial class ThreadStoreConformanceTests
{
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
}
