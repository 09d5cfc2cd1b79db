using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>The store rules for runs and checkpoints.</summary>
public abstract partial class ThreadStoreConformanceTests
{
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
}
