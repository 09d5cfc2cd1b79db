using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Threads.Grains;

namespace Threads.Cluster.Tests;

/// <summary>
/// Several silos over one database keep every thread exact: no lost, duplicated or reordered message, no stale read,
/// one winner per precondition, nothing acknowledged lost when a silo dies. Run on each provider that can be shared.
/// </summary>
public abstract class ClusterCorrectnessTests
{
    // ClusterMembershipOptions as the silo sets them: ProbeTimeout 1 s, NumMissedProbesLimit 2.
    private static readonly TimeSpan DeclaredDeadAfter = TimeSpan.FromSeconds(2);

    protected const int SiloCount = 3;

    protected string Ns { get; } = "c" + Guid.NewGuid().ToString("N")[..16];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts three silos over one shared database.</summary>
    protected abstract Task<ClusterUnderTest> DeployAsync();

    [Fact(Timeout = 300_000)]
    public async Task Append_TwelveWritersOverThreeSilosTenTimes_ContiguousNothingLostEachWritersOrderKeptNoConflict()
    {
        await using var cluster = await DeployAsync();
        const int Writers = 12;
        const int AppendsPerWriter = 15;
        for (var run = 0; run < 10; run++)
        {
            var id = Identifiers.NewThreadId();
            await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest(), Ct);

            // Unconditional appends: any refusal (a 409 among them) fails the test.
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var grain = cluster.Silos[w % SiloCount].Client.GetThread(Ns, id);
                for (var i = 0; i < AppendsPerWriter; i++)
                {
                    await grain.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"w{w:00}-{i:00}")] }, $"{id}-w{w:00}-{i:00}", Ct);
                }
            })));

            var all = await ClusterLoad.ReadAllAsync(cluster.Silos[run % SiloCount].Client.GetThread(Ns, id), Ct);
            Assert.Equal(Enumerable.Range(1, Writers * AppendsPerWriter).Select(i => (long)i), all.Select(m => m.Seq));
            var texts = all.Select(ClusterLoad.Text).ToList();
            Assert.Equal(texts.Count, texts.Distinct().Count());
            foreach (var writer in texts.GroupBy(t => t[..3]))
            {
                Assert.Equal(Enumerable.Range(0, AppendsPerWriter).Select(i => $"{writer.Key}-{i:00}"), writer);
            }
        }
    }

    [Fact(Timeout = 120_000)]
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
                Assert.Equal($"r{round}", ClusterLoad.Text(Assert.Single(seen.Messages!)));
            }
        }
    }

    [Fact(Timeout = 120_000)]
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

    [Fact(Timeout = 180_000)]
    public async Task KillSilo_UnderLoad_AcknowledgedAppendsKeptOnceOthersServeThroughoutItsThreadsBackWithin10s()
    {
        await using var cluster = await DeployAsync();
        var silos = cluster.Silos.ToArray();
        const int ThreadCount = 12;
        var (ids, homes) = await SpreadThreadsAsync(cluster, ThreadCount);
        var victim = silos.Where(s => homes.Contains(s.SiloPort)).MaxBy(s => homes.Count(h => h == s.SiloPort))!;
        var victimIndex = Array.IndexOf(silos, victim);
        var survivors = silos.Where(s => s != victim).ToArray();

        // The writers talk to the survivors only: what the kill takes away is the activations on the victim.
        var writers = ids.Select((id, t) => new ThreadWriter($"t{t:00}", () => survivors[t % survivors.Length].Client.GetThread(Ns, id))).ToArray();
        using var stop = new CancellationTokenSource();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToArray();
        await ClusterLoad.UntilAsync(() => writers.All(w => w.Acknowledged.Count >= 5), Ct);

        await cluster.KillAsync(victimIndex);
        var killedAt = Stopwatch.GetTimestamp();
        await ClusterLoad.UntilAsync(() => writers.All(w => w.AcknowledgedSince(killedAt) >= 10), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(running);

        for (var t = 0; t < ThreadCount; t++)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{writers[t].Name} on {(homes[t] == victim.SiloPort ? "the killed silo" : "a survivor")}: {writers[t].Acknowledged.Count} appends, {writers[t].Retries} retried, longest wait {writers[t].LongestWait.TotalMilliseconds:0} ms");
            await ClusterLoad.AssertHoldsExactlyAsync(survivors[0].Client.GetThread(Ns, ids[t]), writers[t], Ct);
            if (homes[t] == victim.SiloPort)
            {
                Assert.True(writers[t].LongestWait < TimeSpan.FromSeconds(10), $"{writers[t].Name} on the killed silo waited {writers[t].LongestWait} for its thread");
            }
            else
            {
                // A survivor's thread is served throughout: at most a call that met the dead silo (as the owner of the
                // directory entry it asked for) answered 503 at once and was retried, never a wait for the failover,
                // which cannot end before the silo is declared dead (two missed probes of 1 s, as the silo configures).
                Assert.True(writers[t].LongestWait < DeclaredDeadAfter, $"{writers[t].Name} on a survivor waited {writers[t].LongestWait}");
            }
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task RestartEverySilo_OneAfterTheOtherUnderLoad_NothingLost()
    {
        await using var cluster = await DeployAsync();
        const int ThreadCount = 6;
        var ids = Enumerable.Range(0, ThreadCount).Select(_ => Identifiers.NewThreadId()).ToArray();
        for (var t = 0; t < ThreadCount; t++)
        {
            await cluster.Silos[t % SiloCount].Client.GetThread(Ns, ids[t]).CreateAsync(new CreateThreadRequest(), Ct);
        }

        // Each attempt picks its silo again: one that is down refuses the connection, and the retry goes to another.
        var writers = ids.Select((id, t) => new ThreadWriter($"t{t:00}", () => cluster.NextClient().GetThread(Ns, id))).ToArray();
        using var stop = new CancellationTokenSource();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToArray();
        for (var silo = 0; silo < SiloCount; silo++)
        {
            var before = Stopwatch.GetTimestamp();
            await ClusterLoad.UntilAsync(() => writers.All(w => w.AcknowledgedSince(before) >= 5), Ct);
            await cluster.RestartAsync(silo, Ct);
        }

        var restarted = Stopwatch.GetTimestamp();
        await ClusterLoad.UntilAsync(() => writers.All(w => w.AcknowledgedSince(restarted) >= 5), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(running);

        for (var t = 0; t < ThreadCount; t++)
        {
            await ClusterLoad.AssertHoldsExactlyAsync(cluster.Silos[t % SiloCount].Client.GetThread(Ns, ids[t]), writers[t], Ct);
        }
    }

    [Fact(Timeout = 120_000)]
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

    [Fact(Timeout = 120_000)]
    public async Task Clone_SameIdempotencyKeyOnEverySiloAtOnce_RunsOnceEveryAnswerTheSameOthersReplayed()
    {
        await using var cluster = await DeployAsync();
        for (var round = 0; round < 8; round++)
        {
            var resourceId = $"res-{round}-{Guid.NewGuid():N}";
            var id = Identifiers.NewThreadId();
            await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest { ResourceId = resourceId }, Ct);
            var key = Guid.NewGuid().ToString("N");

            // The clone's id is generated by the call: a second run would make a second thread with another id.
            var answers = await Task.WhenAll(cluster.Silos.Select(silo => Task.Run(() => PostAsync(silo, $"v1/namespaces/{Ns}/threads/{id}/clone", key, "{}"))));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
            Assert.Single(answers.Select(static a => a.Body).Distinct());
            Assert.Equal(SiloCount - 1, answers.Count(static a => a.Replayed));
            var threads = await cluster.Silos[round % SiloCount].Client.GetResourceIndex(Ns, resourceId).ListThreadsAsync(new ThreadListQuery { IncludeHidden = true }, Ct);
            Assert.Equal(2, threads.Threads.Count);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task StartRun_SameIdempotencyKeyOnEverySiloAtOnce_OneRunEveryAnswerTheSame()
    {
        await using var cluster = await DeployAsync();
        for (var round = 0; round < 8; round++)
        {
            var id = Identifiers.NewThreadId();
            await cluster.Silos[0].Client.GetThread(Ns, id).CreateAsync(new CreateThreadRequest(), Ct);
            var key = Guid.NewGuid().ToString("N");

            var answers = await Task.WhenAll(cluster.Silos.Select(silo => Task.Run(() => PostAsync(silo, $"v1/namespaces/{Ns}/threads/{id}/runs", key, "{}"))));

            // A second run would answer 409 (the thread's run is going) or another run id.
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
            Assert.Single(answers.Select(static a => a.Body).Distinct());
            Assert.Equal(SiloCount - 1, answers.Count(static a => a.Replayed));
            var runs = await cluster.Silos[round % SiloCount].Client.GetThread(Ns, id).ListRunsAsync(new RunListQuery(), Ct);
            Assert.Single(runs.Runs);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Stream_OnOneSilo_SeesAnotherSilosAppendsWithTheirData()
    {
        await using var cluster = await DeployAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var id = Identifiers.NewThreadId();
        var writer = cluster.Silos[0].Client.GetThread(Ns, id);
        await writer.CreateAsync(new CreateThreadRequest(), timeout.Token);
        await using var stream = cluster.Silos[1].Client.SubscribeAsync(Ns, threadId: id, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = stream.MoveNextAsync().AsTask();

        // The stream and the silos' listeners connect asynchronously (and the silos find each other on the channel
        // then): append on the other silo until the stream hears something.
        var sent = 0;
        while (!next.IsCompleted)
        {
            await writer.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"m{++sent}")] }, cancellationToken: timeout.Token);
            await Task.WhenAny(next, Task.Delay(200, timeout.Token));
        }

        Assert.True(await next);

        // The thread's creation may be heard too, if the stream connected before it arrived.
        while (stream.Current.Type == ThreadEventTypes.ThreadCreated)
        {
            Assert.True(await stream.MoveNextAsync());
        }

        Assert.Equal(ThreadEventTypes.MessagesAppended, stream.Current.Type);
        Assert.Equal(id, stream.Current.ThreadId);
        var lastSeq = stream.Current.Data!.Value.GetProperty("lastSeq").GetInt64();
        Assert.InRange(lastSeq, 1, sent);

        // Once heard, every later append arrives, in order.
        await writer.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "last")] }, cancellationToken: timeout.Token);
        var seqs = new List<long>();
        while (seqs.Count == 0 || seqs[^1] < sent + 1)
        {
            Assert.True(await stream.MoveNextAsync());
            seqs.Add(stream.Current.Data!.Value.GetProperty("lastSeq").GetInt64());
        }

        Assert.Equal(Enumerable.Range((int)lastSeq + 1, sent + 1 - (int)lastSeq).Select(i => (long)i), seqs);
    }

    /// <summary>The port of the silo each thread is active on.</summary>
    /// <summary>
    /// Threads created through each silo in turn until Orleans has placed them on at least two silos (a fresh cluster may
    /// place every activation on one silo until the silos' load statistics have reached each other), then
    /// <paramref name="count"/> of them spread likewise, and the port of each one's silo.
    /// </summary>
    private async Task<(string[] Ids, int[] Homes)> SpreadThreadsAsync(ClusterUnderTest cluster, int count)
    {
        var created = new List<(string Id, int Home)>();
        while (created.Select(c => c.Home).Distinct().Count() < 2)
        {
            var batch = Enumerable.Range(0, count).Select(_ => Identifiers.NewThreadId()).ToArray();
            for (var t = 0; t < batch.Length; t++)
            {
                await cluster.Silos[t % SiloCount].Client.GetThread(Ns, batch[t]).CreateAsync(new CreateThreadRequest(), Ct);
            }

            created.AddRange(batch.Zip(await HomesAsync(cluster, batch)));
        }

        // Taken one from each silo in turn, so that every silo hosting some is among them.
        var chosen = created.GroupBy(c => c.Home).SelectMany(g => g.Select((c, i) => (c, i))).OrderBy(x => x.i).Select(x => x.c).Take(count).ToArray();
        return (chosen.Select(c => c.Id).ToArray(), chosen.Select(c => c.Home).ToArray());
    }

    private async Task<int[]> HomesAsync(ClusterUnderTest cluster, IEnumerable<string> ids)
    {
        var management = cluster.ClusterClient.GetGrain<IManagementGrain>(0);
        return await Task.WhenAll(ids.Select(async id =>
            (await management.GetActivationAddress(cluster.ClusterClient.GetThread(Ns, id)))?.Endpoint.Port
            ?? throw new InvalidOperationException($"thread {id} is not active")));
    }

    private static async Task<(HttpStatusCode Status, string Body, bool Replayed)> PostAsync(SiloUnderTest silo, string path, string idempotencyKey, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await silo.Http.SendAsync(request, Ct);
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), replayed);
    }

    private async Task<HttpStatusCode> PatchAsync(SiloUnderTest silo, string id, long version, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"v1/namespaces/{Ns}/threads/{id}")
        {
            Content = new StringContent($$"""{"title":"{{title}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        using var response = await silo.Http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
