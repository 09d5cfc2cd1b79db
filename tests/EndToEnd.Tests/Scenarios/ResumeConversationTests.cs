using Threads.Agents;
using Threads.Grains;
using Threads.TestingHost;

namespace Threads.EndToEnd.Tests.Scenarios;

/// <summary>A user starts a conversation, closes the app, and comes back with the thread id.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ResumeConversationTests(ClusterFixture fixture)
{
    private readonly string _ns = "e" + Guid.NewGuid().ToString("N")[..16];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_NoThreadId_ReturnsNewId()
    {
        var agent = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns);

        var first = await agent.StartAsync(threadId: null, cancellationToken: Ct);
        var second = await agent.StartAsync(threadId: null, cancellationToken: Ct);

        Assert.Matches("^thread_[0-9a-f]{24}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Resume_WithThreadId_AnswersFromHistory()
    {
        var threadId = await new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns).StartAsync(null, cancellationToken: Ct);
        await new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns).AskAsync(threadId, "Hi! My name is Guille.", cancellationToken: Ct);

        var resumed = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns);
        var id = await resumed.StartAsync(threadId, cancellationToken: Ct);
        var answer = await resumed.AskAsync(id, "What is my name?", cancellationToken: Ct);

        Assert.Equal("Your name is Guille.", answer);
    }

    [Fact]
    public async Task Resume_UnknownThreadId_ThrowsNotFound()
    {
        var agent = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns);

        await Assert.ThrowsAsync<NotFoundException>(() => agent.StartAsync("thread_000000000000000000000000", cancellationToken: Ct));
    }

    [Fact]
    public async Task Resume_AfterEverySiloRestarted_AnswersFromHistory()
    {
        // Over a real SQLite file: what survives is what the database kept, not what a shared memory store held.
        var directory = Directory.CreateTempSubdirectory("threads-resume-");
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 2;
            o.Configuration["Threads:Storage:Provider"] = "Sqlite";
            o.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "threads.db")}";
        });
        await cluster.DeployAsync(Ct);
        var agent = new ChatAgent(cluster.Client, new EchoChatClient(), _ns);
        var threadId = await agent.StartAsync(null, cancellationToken: Ct);
        await agent.AskAsync(threadId, "My name is Guille", cancellationToken: Ct);

        foreach (var silo in cluster.Silos)
        {
            await cluster.RestartSiloAsync(silo, Ct);
        }

        var afterRestart = new ChatAgent(cluster.Client, new EchoChatClient(), _ns);
        Assert.Equal("Your name is Guille.", await afterRestart.AskAsync(await afterRestart.StartAsync(threadId, cancellationToken: Ct), "What is my name?", cancellationToken: Ct));
        Assert.Equal(4, (await cluster.Client.GetThread(_ns, threadId).GetAsync(0, Ct)).LastSeq);
        await cluster.DisposeAsync();
        directory.Delete(recursive: true);
    }
}
