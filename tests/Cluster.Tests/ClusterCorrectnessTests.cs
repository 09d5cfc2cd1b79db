using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Threads.Grains;
using Threads.TestingHost;

namespace Threads.Cluster.Tests;

/// <summary>
/// Several silos over one database keep every thread exact: no lost, duplicated or reordered message, no stale read,
/// one winner per precondition, nothing acknowledged lost when a silo dies. Run on each provider that can be shared.
/// </summary>
public abstract class ClusterCorrectnessTests
{
    private const int SiloCount = 3;

    protected string Ns { get; } = "c" + Guid.NewGuid().ToString("N")[..16];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Points the cluster's silos at one shared database.</summary>
    protected abstract void UseSharedStorage(ThreadsTestClusterOptions options);

    [Fact]
    public async Task Append_TwelveWritersOverThreeSilos_ContiguousNothingLostEachWritersOrderKept()
    {
        await using var cluster = await DeployAsync();
        const int Writers = 12;
        const int AppendsPerWriter = 15;
        var id = Identifiers.NewThreadId();
        await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest(), Ct);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var grain = cluster.Silos[w % SiloCount].Client.GetThread(Ns, id);
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                await AppendWithRetryAsync(grain, $"w{w:00}-{i:00}", $"w{w:00}-{i:00}");
            }
        })));

        var all = await ReadAllAsync(cluster.Silos[1].Client.GetThread(Ns, id));
        Assert.Equal(Enumerable.Range(1, Writers * AppendsPerWriter).Select(i => (long)i), all.Select(m => m.Seq));
        var texts = all.Select(Text).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        foreach (var writer in texts.GroupBy(t => t[..3]))
        {
            Assert.Equal(Enumerable.Range(0, AppendsPerWriter).Select(i => $"{writer.Key}-{i:00}"), writer);
        }
    }

    [Fact]
    public async Task Read_RightAfterAnotherSilosWrite_EverySiloAnswersWithIt()
    {
        await using var cluster = await DeployAsync();
        var id = Identifiers.NewThreadId();
        await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest(), Ct);
        foreach (var silo in cluster.Silos)
        {
            // Every silo activates the thread and caches its header and tail.
            await silo.Client.GetThread(Ns, id).GetAsync(lastMessages: 5, Ct);
        }

        for (var round = 1; round <= 12; round++)
        {
            var writer = cluster.Silos[round % SiloCount].Client.GetThread(Ns, id);
            await writer.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"r{round}")] }, cancellationToken: Ct);
            await writer.UpdateAsync(new UpdateThreadRequest { Title = $"title {round}" }, cancellationToken: Ct);

            foreach (var silo in cluster.Silos)
            {
                var seen = await silo.Client.GetThread(Ns, id).GetAsync(lastMessages: 1, Ct);
                Assert.Equal(round, seen.LastSeq);
                Assert.Equal($"title {round}", seen.Title);
                Assert.Equal($"r{round}", Text(Assert.Single(seen.Messages!)));
            }
        }
    }

    [Fact]
    public async Task Patch_SameIfMatchOnTwoSilos_ExactlyOneWinsOneGets412()
    {
        await using var cluster = await DeployAsync();
        for (var round = 0; round < 8; round++)
        {
            var id = Identifiers.NewThreadId();
            var created = await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest(), Ct);
            foreach (var silo in cluster.Silos)
            {
                await silo.Client.GetThread(Ns, id).GetAsync(cancellationToken: Ct);
            }

            var statuses = await Task.WhenAll(cluster.Silos.Take(2).Select((silo, i) => PatchAsync(silo, id, created.Version, $"from {i}")));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses.Order());
            Assert.Equal(2, (await cluster.Silos[2].Client.GetThread(Ns, id).GetAsync(cancellationToken: Ct)).Version);
        }
    }

    [Fact]
    public async Task KillSilo_MidLoad_OthersKeepServingAndNoAcknowledgedAppendIsLost()
    {
        await using var cluster = await DeployAsync();
        var id = Identifiers.NewThreadId();
        await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest(), Ct);
        var silos = cluster.Silos.ToArray();
        var acknowledged = new ConcurrentBag<string>();
        var failedOnVictim = 0;
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 9).Select(w => Task.Run(async () =>
        {
            var silo = silos[w % SiloCount];
            var grain = silo.Client.GetThread(Ns, id);
            for (var i = 0; !stop.IsCancellationRequested && i < 200; i++)
            {
                var text = $"w{w}-{i}";
                try
                {
                    await AppendWithRetryAsync(grain, text, idempotencyKey: text);
                    acknowledged.Add(text);
                }
                catch (ThreadsException) when (!silo.IsRunning)
                {
                    // The victim is gone: its writer stops; what it had acknowledged must survive.
                    Interlocked.Increment(ref failedOnVictim);
                    return;
                }
            }
        })).ToArray();

        while (acknowledged.Count < 30)
        {
            await Task.Delay(5, Ct);
        }

        await cluster.KillSiloAsync(silos[2]);
        var atKill = acknowledged.Count;
        while (acknowledged.Count < atKill + 30)
        {
            await Task.Delay(5, Ct);
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var all = await ReadAllAsync(silos[0].Client.GetThread(Ns, id));
        var stored = all.Select(Text).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(m => m.Seq));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Empty(acknowledged.Except(stored));
        Assert.True(acknowledged.Count >= atKill + 30, "the surviving silos kept acknowledging appends after the kill");
    }

    [Fact]
    public async Task Lock_TwoHoldersRacingOnTwoSilos_ExactlyOneGetsIt()
    {
        await using var cluster = await DeployAsync();
        for (var round = 0; round < 8; round++)
        {
            var id = Identifiers.NewThreadId();
            await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest(), Ct);

            var attempts = await Task.WhenAll(cluster.Silos.Take(2).Select((silo, i) => Task.Run(async () =>
            {
                try
                {
                    return await silo.Client.GetThread(Ns, id).AcquireLockAsync(new AcquireLockRequest($"holder-{i}", 60), Ct);
                }
                catch (LockedException)
                {
                    return null;
                }
            })));

            var winner = Assert.Single(attempts, a => a is not null);
            // The third silo sees the same holder and refuses the other one.
            var error = await Assert.ThrowsAsync<LockedException>(() =>
                cluster.Silos[2].Client.GetThread(Ns, id).AcquireLockAsync(new AcquireLockRequest("late", 60), Ct));
            Assert.Equal(winner!.Holder, error.Holder);
        }
    }

    protected async Task<ThreadsTestCluster> DeployAsync()
    {
        var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = SiloCount;
            UseSharedStorage(o);
        });
        await cluster.DeployAsync(Ct);
        return cluster;
    }

    private static async Task AppendWithRetryAsync(IThreadGrain grain, string text, string idempotencyKey)
    {
        var request = new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, text)] };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // The idempotency key makes a retry after an unknown outcome safe: the message is stored once.
                await grain.AppendAsync(request, idempotencyKey, Ct);
                return;
            }
            catch (ConflictException) when (attempt < 20)
            {
                // Other silos kept winning the race; nothing was written.
            }
        }
    }

    private async Task<HttpStatusCode> PatchAsync(ThreadsTestSilo silo, string id, long version, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"v1/namespaces/{Ns}/threads/{id}")
        {
            Content = new StringContent($$"""{"title":"{{title}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        using var response = await silo.Http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task<List<ThreadMessage>> ReadAllAsync(IThreadGrain thread)
    {
        var all = new List<ThreadMessage>();
        string? cursor = null;
        do
        {
            var page = await thread.GetMessagesAsync(new MessageQuery { Limit = 200, Cursor = cursor }, Ct);
            all.AddRange(page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }

    private static string Text(ThreadMessage message) => ((TextPart)message.Content[0]).Text;
}
