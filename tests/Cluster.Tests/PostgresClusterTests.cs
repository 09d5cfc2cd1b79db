using Threads.Grains;
using Threads.TestingHost;

namespace Threads.Cluster.Tests;

/// <summary>Three silos over one PostgreSQL database: what users run in production.</summary>
public sealed class PostgresClusterTests : ClusterCorrectnessTests
{
    protected override void UseSharedStorage(ThreadsTestClusterOptions options)
    {
        var connectionString = Environment.GetEnvironmentVariable("THREADS_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connectionString))
        {
            // On CI the server is started by .ci/run: its absence there is a failure, not a skip.
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "CI=true but THREADS_TEST_POSTGRES is not set: .ci/run must start PostgreSQL.");
            Assert.Skip("PostgreSQL cluster tests need THREADS_TEST_POSTGRES (an Npgsql connection string); .ci/run sets it.");
        }

        options.Configuration["Threads:Storage:Provider"] = "Postgres";
        options.Configuration["Threads:Storage:ConnectionString"] = connectionString;
        options.Configuration["Threads:Storage:Postgres:Schema"] = "cluster_tests";
    }

    [Fact]
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
}
