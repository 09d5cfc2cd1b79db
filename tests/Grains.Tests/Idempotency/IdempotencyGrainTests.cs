using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains.Idempotency;
using Threads.Grains.Tests.Storage.Sqlite;

namespace Threads.Grains.Tests.Idempotency;

/// <summary>
/// The grain of an idempotency key runs a call once and replays its answer, from the record in the store: a silo
/// started afresh over the same database (a restart) replays it too.
/// </summary>
public sealed class IdempotencyGrainTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    private readonly string _ns = "idem-" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_SameKeyAndHashTwice_RunsOnceSecondReplayed()
    {
        await using var silo = NewSilo();
        var source = Identifiers.NewThreadId();
        await silo.Grains.GetThread(_ns, source).CreateAsync(new CreateThreadRequest(), Ct);
        var grain = silo.Grains.GetGrain<IIdempotencyGrain>(GrainKeys.OfIdempotencyKey(_ns, "k1"));
        var call = new CloneThreadCall { Namespace = _ns, SourceId = source, Request = new CloneThreadRequest() };

        var first = await grain.RunAsync("h", call, Ct);
        var second = await grain.RunAsync("h", call, Ct);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(201, second.StatusCode);
        Assert.Equal(first.Value.Id, second.Value.Id);
        Assert.Equal(2, (await silo.Grains.GetResourceIndex(_ns, IResourceIndexGrain.AllResources).ListThreadsAsync(new ThreadListQuery(), Ct)).Threads.Count);
    }

    [Fact]
    public async Task Run_AfterARestart_ReplaysTheStoredAnswer()
    {
        var id = Identifiers.NewThreadId();
        var call = new CreateThreadCall { Namespace = _ns, ThreadId = id, Request = new CreateThreadRequest { Title = "first" } };
        IdempotentAnswer<ThreadInfo> first;
        await using (var before = NewSilo())
        {
            first = await before.Grains.GetGrain<IIdempotencyGrain>(GrainKeys.OfIdempotencyKey(_ns, "k2")).RunAsync("h", call, Ct);
        }

        await using var after = NewSilo();
        var replayed = await after.Grains.GetGrain<IIdempotencyGrain>(GrainKeys.OfIdempotencyKey(_ns, "k2")).RunAsync("h", call, Ct);

        // Run again, the create would fail: the thread exists.
        Assert.True(replayed.Replayed);
        Assert.Equal((first.StatusCode, first.Value.Id, first.Value.Title), (replayed.StatusCode, replayed.Value.Id, replayed.Value.Title));
    }

    [Fact]
    public async Task Run_SameKeyOtherHash_ThrowsConflictAndDoesNotRun()
    {
        await using var silo = NewSilo();
        var grain = silo.Grains.GetGrain<IIdempotencyGrain>(GrainKeys.OfIdempotencyKey(_ns, "k3"));
        await grain.RunAsync("h", new CreateThreadCall { Namespace = _ns, ThreadId = Identifiers.NewThreadId(), Request = new CreateThreadRequest() }, Ct);
        var other = Identifiers.NewThreadId();

        await Assert.ThrowsAsync<ConflictException>(() =>
            grain.RunAsync("other", new CreateThreadCall { Namespace = _ns, ThreadId = other, Request = new CreateThreadRequest() }, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => silo.Grains.GetThread(_ns, other).GetAsync(cancellationToken: Ct));
    }

    private TestSilo NewSilo() =>
        new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddThreadsGrains()
            .AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString)
            .StartTestSilo();
}
