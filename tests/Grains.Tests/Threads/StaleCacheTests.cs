using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains.Tests.Storage.Sqlite;

namespace Threads.Grains.Tests.Threads;

/// <summary>A silo whose cached header is behind another silo's write never refuses a write because of that cache.</summary>
public sealed class StaleCacheTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>, IAsyncDisposable
{
    private readonly ServiceProvider _first = NewSilo(database);
    private readonly ServiceProvider _second = NewSilo(database);
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
    public async Task Get_ActivatedByAWriteThenOtherSiloAppended_SeesTheOtherSilosMessage()
    {
        var id = Identifiers.NewThreadId();
        var first = _first.GetRequiredService<IGrainFactory>().GetGrain<IThreadGrain>(_ns, id);
        var second = _second.GetRequiredService<IGrainFactory>().GetGrain<IThreadGrain>(_ns, id);
        await second.CreateAsync(new CreateThreadRequest(), Ct);
        // The first silo's activation reads the header in its first call, a write; the header is not fresh after it.
        await first.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "from first")] }, cancellationToken: Ct);
        await second.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "from second")] }, cancellationToken: Ct);

        var header = await first.GetAsync(cancellationToken: Ct);
        var page = await first.GetMessagesAsync(new MessageQuery { Limit = 10 }, Ct);

        Assert.Equal(2, header.MessageCount);
        Assert.Equal([1L, 2L], page.Messages.Select(m => m.Seq));
    }

    private async Task<(IThreadGrain First, IThreadGrain Second)> BothAsync()
    {
        var id = Identifiers.NewThreadId();
        var first = _first.GetRequiredService<IGrainFactory>().GetGrain<IThreadGrain>(_ns, id);
        var second = _second.GetRequiredService<IGrainFactory>().GetGrain<IThreadGrain>(_ns, id);
        await first.CreateAsync(new CreateThreadRequest(), Ct);
        // Both silos activate the thread and cache its header.
        await first.GetAsync(cancellationToken: Ct);
        await second.GetAsync(cancellationToken: Ct);
        return (first, second);
    }

    private static ServiceProvider NewSilo(SqliteDatabaseFixture database) =>
        new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddThreadsGrains()
            .AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString)
            .BuildServiceProvider();
}
