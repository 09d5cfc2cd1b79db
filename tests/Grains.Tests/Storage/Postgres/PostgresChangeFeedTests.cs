using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>LISTEN/NOTIFY: a write through one store (silo) reaches the feed of another over the same database.</summary>
public sealed class PostgresChangeFeedTests(PostgresDatabaseFixture database)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubscribeAsync_WritesThroughAnotherStore_DeliversEachCommittedChange()
    {
        await using var writer = await database.NewInitializedStoreAsync(database.Schema("feed"));
        await using var reader = await database.NewInitializedStoreAsync(database.Schema("feed"));
        await using var subscription = await reader.SubscribeAsync(Ct);
        var (ns, id) = ("ns-" + Guid.NewGuid().ToString("N")[..16], Identifiers.NewThreadId());
        var thread = new StoredThread(new ThreadInfo { Id = id, Namespace = ns, CreatedAt = T0, UpdatedAt = T0, Version = 1 }, 1);

        Assert.True(await writer.CreateThreadAsync(thread, [], Ct));
        var appended = new StoredThread(thread.Thread with { LastSeq = 1, MessageCount = 1 }, 2);
        var message = new ThreadMessage { Seq = 1, Id = Identifiers.NewMessageId(TimeProvider.System.GetUtcNow()), Role = MessageRole.User, Content = [new TextPart("hi")], CreatedAt = T0 };
        Assert.Equal(AppendOutcome.Appended, await writer.AppendAsync(new AppendBatch(appended, 1, [message], null), Ct));
        Assert.Equal(AppendOutcome.Conflict, await writer.AppendAsync(new AppendBatch(appended, 1, [message], null), Ct));
        Assert.True(await writer.DeleteThreadAsync(ns, id, null, Ct));

        var changes = await Take(subscription, ns, 3);
        Assert.Equal([1L, 2L, null], changes.Select(c => c.ETag));
        Assert.All(changes, c => Assert.Equal(id, c.ThreadId));
        Assert.All(changes, c => Assert.False(c.IsLocal));
    }

    [Fact]
    public async Task SubscribeAsync_OwnWrite_IsMarkedLocal()
    {
        await using var store = await database.NewInitializedStoreAsync(database.Schema("feed"));
        await using var subscription = await store.SubscribeAsync(Ct);
        var (ns, id) = ("ns-" + Guid.NewGuid().ToString("N")[..16], Identifiers.NewThreadId());

        Assert.True(await store.CreateThreadAsync(new StoredThread(new ThreadInfo { Id = id, Namespace = ns, CreatedAt = T0, UpdatedAt = T0, Version = 1 }, 1), [], Ct));

        var change = Assert.Single(await Take(subscription, ns, 1));
        Assert.True(change.IsLocal);
        Assert.Equal(new ThreadChange(ns, id, 1, true), change);
    }

    [Fact]
    public async Task DisposeAsync_Subscribed_EndsTheSubscription()
    {
        var store = await database.NewInitializedStoreAsync(database.Schema("feed"));
        var subscription = await store.SubscribeAsync(Ct);

        await store.DisposeAsync();

        Assert.Empty(await subscription.ReadAllAsync(Ct).ToListAsync(Ct));
    }

    // Other tests share the schema, so only this test's namespace counts.
    private static async Task<List<ThreadChange>> Take(ThreadChangeSubscription subscription, string ns, int count)
    {
        var changes = new List<ThreadChange>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await foreach (var change in subscription.ReadAllAsync(timeout.Token))
        {
            if (change.Namespace == ns && changes.Count < count)
            {
                changes.Add(change);
            }

            if (changes.Count == count)
            {
                break;
            }
        }

        return changes;
    }
}
