using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains.Storage;
using Threads.Grains.Tests.Storage.Sqlite;

namespace Threads.Grains.Tests.Threads;

/// <summary>Two silos (two grain runtimes, each with its own SQLite store) over one database file, both activating the same thread.</summary>
public sealed class TwoRuntimesOverOneDatabaseTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_ConcurrentlyThroughBothRuntimes_KeepsEveryMessageOnceInOrder()
    {
        const int WritersPerRuntime = 4;
        const int AppendsPerWriter = 25;
        await using var first = NewSilo();
        await using var second = NewSilo();
        var silos = new[] { first, second };
        var ns = "ns-" + Guid.NewGuid().ToString("N")[..16];
        var id = Identifiers.NewThreadId();
        await first.GetRequiredService<IGrainFactory>().GetThread(ns, id).CreateAsync(new CreateThreadRequest { ResourceId = "r" }, Ct);

        var writers = Enumerable.Range(0, WritersPerRuntime * silos.Length).Select(w => Task.Run(async () =>
        {
            var grain = silos[w % silos.Length].GetRequiredService<IGrainFactory>().GetThread(ns, id);
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                var request = new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"w{w}-{i}")] };
                while (true)
                {
                    try
                    {
                        await grain.AppendAsync(request, cancellationToken: Ct);
                        break;
                    }
                    catch (ConflictException)
                    {
                        // The other silo kept winning the race for this many attempts: nothing was written, so retrying is safe.
                    }
                }
            }
        }, Ct));
        await Task.WhenAll(writers);

        const int Total = WritersPerRuntime * 2 * AppendsPerWriter;
        // Read through a third silo: its activation starts from the store, where both wrote.
        await using var reader = NewSilo();
        {
            var grain = reader.GetRequiredService<IGrainFactory>().GetThread(ns, id);
            var header = await grain.GetAsync(cancellationToken: Ct);
            Assert.Equal(Total, header.LastSeq);
            Assert.Equal(Total, header.MessageCount);

            var messages = new List<ThreadMessage>();
            string? cursor = null;
            do
            {
                var page = await grain.GetMessagesAsync(new MessageQuery { Limit = 50, Cursor = cursor }, Ct);
                messages.AddRange(page.Messages);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), messages.Select(m => m.Seq));
            var texts = messages.Select(m => ((TextPart)m.Content[0]).Text).ToArray();
            Assert.Equal(Total, texts.Distinct().Count());
            for (var w = 0; w < WritersPerRuntime * 2; w++)
            {
                Assert.Equal(
                    Enumerable.Range(0, AppendsPerWriter).Select(i => $"w{w}-{i}"),
                    texts.Where(t => t.StartsWith($"w{w}-", StringComparison.Ordinal)));
            }
        }
    }

    [Fact]
    public async Task UpdateAsync_ExpectedVersionSetThroughTheOtherRuntime_JudgesOnTheStoredVersion()
    {
        await using var first = NewSilo();
        await using var second = NewSilo();
        var ns = "ns-" + Guid.NewGuid().ToString("N")[..16];
        var id = Identifiers.NewThreadId();
        var onFirst = first.GetRequiredService<IGrainFactory>().GetThread(ns, id);
        var onSecond = second.GetRequiredService<IGrainFactory>().GetThread(ns, id);
        await onFirst.CreateAsync(new CreateThreadRequest { Title = "v1" }, Ct);
        var moved = await onSecond.UpdateAsync(new UpdateThreadRequest { Title = "v2" }, expectedVersion: 1, Ct);

        var updated = await onFirst.UpdateAsync(new UpdateThreadRequest { Title = "v3" }, expectedVersion: moved.Version, Ct);

        Assert.Equal(3, updated.Version);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => onFirst.UpdateAsync(new UpdateThreadRequest { Title = "stale" }, expectedVersion: 2, Ct));
        Assert.Equal("v3", (await second.GetRequiredService<IThreadStore>().GetThreadAsync(ns, id, Ct))!.Thread.Title);
    }

    [Fact]
    public async Task AppendAsync_ExpectedLastSeqReachedThroughTheOtherRuntime_JudgesOnTheStoredSeq()
    {
        await using var first = NewSilo();
        await using var second = NewSilo();
        var ns = "ns-" + Guid.NewGuid().ToString("N")[..16];
        var id = Identifiers.NewThreadId();
        var onFirst = first.GetRequiredService<IGrainFactory>().GetThread(ns, id);
        var onSecond = second.GetRequiredService<IGrainFactory>().GetThread(ns, id);
        await onFirst.CreateAsync(new CreateThreadRequest(), Ct);
        await onSecond.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "a")], ExpectedLastSeq = 0 }, cancellationToken: Ct);

        var appended = await onFirst.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "b")], ExpectedLastSeq = 1 }, cancellationToken: Ct);

        Assert.Equal(2, appended.LastSeq);
        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            onSecond.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "stale")], ExpectedLastSeq = 1 }, cancellationToken: Ct));
    }

    private TestSilo NewSilo()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddThreadsGrains();
        services.AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString);
        return services.StartTestSilo();
    }
}
