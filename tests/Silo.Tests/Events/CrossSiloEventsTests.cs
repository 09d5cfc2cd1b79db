using Microsoft.Extensions.DependencyInjection;
using Threads.Grains;
using Threads.Grains.Events;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Events;

/// <summary>Event streams across silos: a stream on one silo sees the writes served by another, relayed through Orleans.</summary>
public sealed class CrossSiloEventsTests
{
    private const int Appends = 20;

    private readonly string _ns = "x" + Guid.NewGuid().ToString("N")[..16];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task ThreadStream_WritesThroughAnotherSilo_SeesCreatedThenEveryAppendInOrderWithData()
    {
        await using var cluster = await DeployAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var id = Identifiers.NewThreadId();
        var writer = cluster.Silos[0].Client.GetThread(_ns, id);

        // A thread stream opens only on a thread that exists: resume from before its creation, so the stream sees it
        // whether it was relayed before or after the stream opened.
        var since = cluster.Silos[1].Services.GetRequiredService<ThreadEventBus>().LastEventId;
        await writer.CreateAsync(new CreateThreadRequest { ResourceId = "proj" }, timeout.Token);
        await using var stream = cluster.Silos[1].Client.SubscribeAsync(_ns, threadId: id, lastEventId: since, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = stream.MoveNextAsync();
        for (var i = 1; i <= Appends; i++)
        {
            await writer.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"m{i}")] }, cancellationToken: timeout.Token);
        }

        await AssertServedByAsync(cluster, cluster.Silos[0], id);
        Assert.True(await next);
        Assert.Equal((ThreadEventTypes.ThreadCreated, id, "proj"), (stream.Current.Type, stream.Current.ThreadId, stream.Current.ResourceId));
        var lastId = stream.Current.Id;
        for (var i = 1; i <= Appends; i++)
        {
            Assert.True(await stream.MoveNextAsync());
            var appended = stream.Current;
            Assert.Equal((ThreadEventTypes.MessagesAppended, id), (appended.Type, appended.ThreadId));
            Assert.Equal(i, appended.Data!.Value.GetProperty("lastSeq").GetInt64());
            Assert.Equal($"m{i}", appended.Data.Value.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
            Assert.True(appended.Id > lastId, $"ids must grow: {appended.Id} after {lastId}");
            lastId = appended.Id;
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task NamespaceStream_WritesThroughAnotherSilo_SeesThem()
    {
        await using var cluster = await DeployAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var id = Identifiers.NewThreadId();
        var writer = cluster.Silos[1].Client.GetThread(_ns, id);
        var since = cluster.Silos[0].Services.GetRequiredService<ThreadEventBus>().LastEventId;
        await using var stream = cluster.Silos[0].Client.SubscribeAsync(_ns, lastEventId: since, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = stream.MoveNextAsync();

        await writer.CreateAsync(new CreateThreadRequest(), timeout.Token);
        await writer.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "hello")] }, cancellationToken: timeout.Token);
        await writer.UpdateAsync(new UpdateThreadRequest { Title = "renamed" }, cancellationToken: timeout.Token);

        await AssertServedByAsync(cluster, cluster.Silos[1], id);
        Assert.True(await next);
        var seen = new List<ThreadEvent> { stream.Current };
        while (seen.Count < 3)
        {
            Assert.True(await stream.MoveNextAsync());
            seen.Add(stream.Current);
        }

        Assert.Equal([ThreadEventTypes.ThreadCreated, ThreadEventTypes.MessagesAppended, ThreadEventTypes.ThreadUpdated], seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal(id, e.ThreadId));
        Assert.Equal("hello", seen[1].Data!.Value.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    /// <summary>
    /// Two silos that know each other, whose grains are placed on the silo the request came through: a write through
    /// one silo is served there, and only the relay can tell the other.
    /// </summary>
    private static async Task<ThreadsTestCluster> DeployAsync()
    {
        var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 2;
            o.ConfigureSilo = static silo => silo.Services.AddSingleton<PlacementStrategy, PreferLocalPlacement>();
        });
        try
        {
            await cluster.DeployAsync(Ct);

            // A silo sends events only to the silos its membership view has active: wait until both see both.
            while (!cluster.Silos.All(s => s.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) == 2))
            {
                await Task.Delay(50, Ct);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The thread's activation is on <paramref name="silo"/>: its events were published there, not where the stream is.</summary>
    private async Task AssertServedByAsync(ThreadsTestCluster cluster, ThreadsTestSilo silo, string id)
    {
        var where = await cluster.ClusterClient.GetGrain<IManagementGrain>(0).GetActivationAddress(cluster.ClusterClient.GetThread(_ns, id));
        Assert.Equal(silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress, where);
    }
}
