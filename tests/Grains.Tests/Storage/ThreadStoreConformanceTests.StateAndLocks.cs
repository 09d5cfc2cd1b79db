using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>The store rules for a thread's state and lock fields.</summary>
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
}
