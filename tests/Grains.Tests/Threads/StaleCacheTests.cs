using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains.Tests.Storage.Sqlite;

namespace Threads.Grains.Tests.Threads;

/// <summary>
/// Two activations of one thread (two clusters over one database: what Orleans can briefly run under failures) never
/// refuse or lose a write because one's cached header is behind the other's write: the stored ETag decides.
/// </summary>
public sealed class StaleCacheTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>, IAsyncDisposable
{
    private readonly TestSilo _first = NewSilo(database);
    private readonly TestSilo _second = NewSilo(database);
    private readonly string _ns = "stale-" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Append_LockReleasedOnOtherSilo_CachedLockDoesNotRefuse()
    {
        var (first, second) = await BothAsync();
        var held = await first.AcquireLockAsync(new AcquireLockRequest("agent", 60), Ct);
        await second.ReleaseLockAsync(held.Token, Ct);

        var appended = await first.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "free again")] }, cancellationToken: Ct);

        Assert.Equal(1, appended.LastSeq);
    }

    [Fact]
    public async Task Update_VersionMovedOnOtherSilo_ExpectedNewVersionAccepted()
    {
        var (first, second) = await BothAsync();
        var moved = await second.UpdateAsync(new UpdateThreadRequest { Title = "by second" }, cancellationToken: Ct);

        var updated = await first.UpdateAsync(new UpdateThreadRequest { Title = "by first" }, expectedVersion: moved.Version, Ct);

        Assert.Equal(moved.Version + 1, updated.Version);
    }

    [Fact]
    public async Task PatchState_StateMovedOnOtherSilo_ExpectedNewVersionAccepted()
    {
        var (first, second) = await BothAsync();
        var moved = await second.PatchStateAsync(JsonDocument.Parse("""{"a":1}""").RootElement, cancellationToken: Ct);

        var patched = await first.PatchStateAsync(JsonDocument.Parse("""{"b":2}""").RootElement, expectedVersion: moved.Version, Ct);

        Assert.Equal(["b"], patched.ChangedKeys);
        Assert.Equal(1, patched.State.GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task Acquire_LockLapsedAndTakenOnOtherSilo_StaleHolderIsRefusedWithCurrentHolder()
    {
        var (first, second) = await BothAsync();
        await first.AcquireLockAsync(new AcquireLockRequest("a", 60), Ct);
        var held = await second.GetAsync(cancellationToken: Ct);
        Assert.NotNull(held);

        var error = await Assert.ThrowsAsync<LockedException>(() => second.AcquireLockAsync(new AcquireLockRequest("b", 60), Ct));

        Assert.Equal("a", error.Holder);
    }

    [Fact]
    public async Task Append_OtherActivationAppendedSince_TakesTheFollowingSeqAndLosesNothing()
    {
        var id = Identifiers.NewThreadId();
        var first = _first.GetRequiredService<IGrainFactory>().GetThread(_ns, id);
        var second = _second.GetRequiredService<IGrainFactory>().GetThread(_ns, id);
        await second.CreateAsync(new CreateThreadRequest(), Ct);
        await first.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "from first")] }, cancellationToken: Ct);
        await second.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "from second")] }, cancellationToken: Ct);

        // The first activation's cached header says seq 1: its write is refused by the ETag, reloaded and retried.
        var third = await first.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "first again")] }, cancellationToken: Ct);
        var page = await first.GetMessagesAsync(new MessageQuery { Limit = 10 }, Ct);

        Assert.Equal(3, third.LastSeq);
        Assert.Equal(["from first", "from second", "first again"], page.Messages.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
    }

    [Fact]
    public async Task Delete_HeaderMovedOnOtherSilo_DeletesTheThread()
    {
        var (first, second) = await BothAsync();
        await second.UpdateAsync(new UpdateThreadRequest { Title = "by second" }, cancellationToken: Ct);

        // The first activation's delete is refused by the ETag it cached; it reads the header again and deletes.
        await first.DeleteAsync(cancellationToken: Ct);

        await Assert.ThrowsAsync<NotFoundException>(() => second.UpdateAsync(new UpdateThreadRequest { Title = "gone" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Trim_OtherActivationAppendedSince_TrimsTheirMessages()
    {
        var (first, second) = await BothAsync();
        await second.AppendAsync(new AppendMessagesRequest { Messages = [.. Enumerable.Range(1, 5).Select(i => NewMessage.FromText(MessageRole.User, $"m{i}"))] }, cancellationToken: Ct);

        // The first activation's cached header shows no messages: nothing to trim is judged on the stored header.
        var trimmed = await first.TrimAsync(new TrimRequest(KeepLast: 2), Ct);
        var page = await second.GetMessagesAsync(new MessageQuery { Limit = 10 }, Ct);

        Assert.Equal(3, trimmed.Removed);
        Assert.Equal(["m4", "m5"], page.Messages.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
    }

    private async Task<(IThreadGrain First, IThreadGrain Second)> BothAsync()
    {
        var id = Identifiers.NewThreadId();
        var first = _first.GetRequiredService<IGrainFactory>().GetThread(_ns, id);
        var second = _second.GetRequiredService<IGrainFactory>().GetThread(_ns, id);
        await first.CreateAsync(new CreateThreadRequest(), Ct);
        // Both silos activate the thread and cache its header.
        await first.GetAsync(cancellationToken: Ct);
        await second.GetAsync(cancellationToken: Ct);
        return (first, second);
    }

    private static TestSilo NewSilo(SqliteDatabaseFixture database) =>
        new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddThreadsGrains()
            .AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString)
            .StartTestSilo();
}
