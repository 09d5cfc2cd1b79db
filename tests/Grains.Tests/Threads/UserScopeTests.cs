namespace Threads.Grains.Tests.Threads;

/// <summary>A caller scoped to one user sees and touches only that user's threads; every other thread is absent to it.</summary>
public sealed class UserScopeTests : IAsyncDisposable
{
    private readonly InProcessGrainHost _host = new();

    private IThreadsClient Grains => _host.Grains;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task OtherUsersThread_EveryOperation_NotFound()
    {
        var bobs = Grains.GetThread("ns", "bobs");
        await bobs.CreateAsync(new CreateThreadRequest { UserId = "bob", ResourceId = "r", Messages = [NewMessage.FromText(MessageRole.User, "secret")] });
        await bobs.PutFileAsync("f", "text/plain", [1]);

        using var _ = ThreadsRequestContext.ActAsUser("alice");
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.GetAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.GetMessagesAsync(new MessageQuery()));
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "x")] }));
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.UpdateAsync(new UpdateThreadRequest { Title = "x" }));
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.GetStateAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.GetFileAsync("f"));
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.ListFilesAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.CloneAsync(new CloneThreadRequest { Id = "stolen" }));
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.AcquireLockAsync(new AcquireLockRequest("alice", 60)));
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.TrimAsync(new TrimRequest(0)));
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.DeleteAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => bobs.ListRunsAsync(new RunListQuery()));
        Assert.Empty((await Grains.GetResourceIndex("ns", "r").ListThreadsAsync(new ThreadListQuery())).Threads);
        Assert.Empty((await Grains.GetResourceIndex("ns", IResourceIndexGrain.AllResources).ListThreadsAsync(new ThreadListQuery())).Threads);
    }

    [Fact]
    public async Task Create_ScopedCaller_OwnsNewThreadAndCannotCreateForOthers()
    {
        using var _ = ThreadsRequestContext.ActAsUser("alice");

        var created = await Grains.GetThread("ns", "mine").CreateAsync(new CreateThreadRequest());
        await Assert.ThrowsAsync<ForbiddenException>(() => Grains.GetThread("ns", "forbob").CreateAsync(new CreateThreadRequest { UserId = "bob" }));

        Assert.Equal("alice", created.UserId);
        Assert.Equal("mine", Assert.Single((await Grains.GetResourceIndex("ns", IResourceIndexGrain.AllResources).ListThreadsAsync(new ThreadListQuery())).Threads).Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => Grains.GetResourceIndex("ns", IResourceIndexGrain.AllResources).ListThreadsAsync(new ThreadListQuery { UserId = "bob" }));
    }

    [Fact]
    public async Task CurrentThread_ScopedCaller_NeverPicksAnotherUsersThread()
    {
        await Grains.GetThread("ns", "bobs-current").CreateAsync(new CreateThreadRequest { UserId = "bob", ResourceId = "shared" });

        using var _ = ThreadsRequestContext.ActAsUser("alice");
        var current = await Grains.GetResourceIndex("ns", "shared").GetCurrentThreadAsync(new CurrentThreadRequest());

        Assert.True(current.Created);
        Assert.Equal("alice", current.Thread.UserId);
    }

    [Fact]
    public async Task OwnThread_ScopedCaller_WorksAsUsual()
    {
        await Grains.GetThread("ns", "alices").CreateAsync(new CreateThreadRequest { UserId = "alice" });

        using var _ = ThreadsRequestContext.ActAsUser("alice");
        var appended = await Grains.GetThread("ns", "alices").AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "hi")] });
        var clone = await Grains.GetThread("ns", "alices").CloneAsync(new CloneThreadRequest());

        Assert.Equal(1, appended.LastSeq);
        Assert.Equal("alice", clone.UserId);
    }
}
