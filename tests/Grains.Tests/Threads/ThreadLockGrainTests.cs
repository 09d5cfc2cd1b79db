namespace Threads.Grains.Tests.Threads;

/// <summary>The lock view the thread browser reads: the holder and expiry of the thread's own lock, never its token, and only for a caller who may see the thread.</summary>
public sealed class ThreadLockGrainTests : IAsyncDisposable
{
    private readonly InProcessGrainHost _host = new();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task GetHolder_HeldThenReleasedThenLapsed_FollowsTheLock()
    {
        var thread = _host.Grains.GetThread("ns", "locked");
        var view = _host.GrainFactory.GetThreadLock("ns", "locked");
        await thread.CreateAsync(new CreateThreadRequest());
        Assert.Null(await view.GetHolderAsync());

        var held = await thread.AcquireLockAsync(new AcquireLockRequest("agent-7", 60));
        Assert.Equal(new Grains.Threads.LockHolder("agent-7", held.ExpiresAt), await view.GetHolderAsync());

        await thread.ReleaseLockAsync(held.Token);
        Assert.Null(await view.GetHolderAsync());

        await thread.AcquireLockAsync(new AcquireLockRequest("agent-8", 60));
        _host.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(await view.GetHolderAsync());
    }

    [Fact]
    public async Task GetHolder_MissingOrAnotherUsersThread_NotFound()
    {
        await _host.Grains.GetThread("ns", "bobs").CreateAsync(new CreateThreadRequest { UserId = "bob" });
        await Assert.ThrowsAsync<NotFoundException>(() => _host.GrainFactory.GetThreadLock("ns", "absent").GetHolderAsync());

        using var _ = ThreadsRequestContext.ActAsUser("alice");
        await Assert.ThrowsAsync<NotFoundException>(() => _host.GrainFactory.GetThreadLock("ns", "bobs").GetHolderAsync());
    }
}
