using Microsoft.Agents.AI;
using Threads.Grains;

namespace Threads.Agents.Tests;

/// <summary>A ChatClientAgent whose history and sessions are kept in Threads, over both clients.</summary>
public abstract class ThreadsAgentSessionStoreTests
{
    protected readonly string Ns = "s" + Guid.NewGuid().ToString("N")[..16];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client as a freshly started host would make it.</summary>
    protected abstract IThreadsClient NewClient();

    /// <summary>An agent and a session store as one host instance holds them.</summary>
    private (ChatClientAgent Agent, ThreadsAgentSessionStore Store) NewHost()
    {
        var threads = NewClient();
        var options = new ThreadsHistoryOptions { Namespace = Ns };
        var agent = new ChatClientAgent(new EchoChatClient(), new ChatClientAgentOptions
        {
            Name = "assistant",
            ChatHistoryProvider = new ThreadsChatHistoryProvider(threads, options),
        });
        return (agent, new ThreadsAgentSessionStore(threads, options));
    }

    [Fact]
    public async Task RunAsync_SessionFromTheStore_ResumesAfterRestart()
    {
        var key = new AgentSessionStoreKey(Identifiers.NewThreadId(), null);
        var (agent, store) = NewHost();
        var session = await store.GetOrCreateSessionAsync(agent, key, Ct);
        await agent.RunAsync("Hello, my name is Guille", session, cancellationToken: Ct);
        await store.SaveSessionAsync(agent, key, session, Ct);

        var (restarted, restartedStore) = NewHost();
        var resumed = await restartedStore.GetSessionAsync(restarted, key, Ct);
        var answer = await restarted.RunAsync("What is my name?", resumed, cancellationToken: Ct);

        Assert.Equal("Your name is Guille.", answer.Text);
        var messages = await NewClient().GetThread(Ns, key.SessionId).GetMessagesAsync(new MessageQuery(), Ct);
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Messages.Select(static m => m.Role.Value));
    }

    [Fact]
    public async Task GetSessionAsync_NoSuchThread_ReturnsNull()
    {
        var (agent, store) = NewHost();

        Assert.Null(await store.GetSessionAsync(agent, new AgentSessionStoreKey(Identifiers.NewThreadId(), null), Ct));
    }

    [Fact]
    public async Task RunAsync_SessionWithoutThread_CreatesOneAndKeepsItsIdInTheState()
    {
        var (agent, _) = NewHost();
        var session = await agent.CreateSessionAsync(Ct);

        await agent.RunAsync("I like tea", session, cancellationToken: Ct);
        var serialized = await agent.SerializeSessionAsync(session, cancellationToken: Ct);
        var (restarted, _) = NewHost();
        var resumed = await restarted.DeserializeSessionAsync(serialized, cancellationToken: Ct);
        var answer = await restarted.RunAsync("What do I like?", resumed, cancellationToken: Ct);

        Assert.Equal("You like tea.", answer.Text);
        Assert.Matches("^thread_", ThreadsChatHistoryProvider.GetThreadId(resumed));
    }

    [Fact]
    public async Task DeleteSessionAsync_Stored_DeletesTheThread()
    {
        var key = new AgentSessionStoreKey(Identifiers.NewThreadId(), null);
        var (agent, store) = NewHost();
        var session = await store.GetOrCreateSessionAsync(agent, key, Ct);
        await agent.RunAsync("hi", session, cancellationToken: Ct);

        await store.DeleteSessionAsync(agent, key, Ct);

        Assert.Null(await store.GetSessionAsync(agent, key, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => NewClient().GetThread(Ns, key.SessionId).GetAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task GetSessionAsync_InvalidSessionId_ThrowsInvalidArgument()
    {
        var (agent, store) = NewHost();

        await Assert.ThrowsAsync<InvalidArgumentException>(async () => await store.GetSessionAsync(agent, new AgentSessionStoreKey("bad/id", null), Ct));
    }
}

/// <summary>Sessions over the Orleans cluster client.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterClientAgentSessionStoreTests(ClusterFixture fixture) : ThreadsAgentSessionStoreTests
{
    protected override IThreadsClient NewClient() => fixture.Cluster.Grains;
}

/// <summary>Sessions over HTTP, each host with a client of its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HttpAgentSessionStoreTests(ClusterFixture fixture) : ThreadsAgentSessionStoreTests
{
    protected override IThreadsClient NewClient() => new Client.ThreadsClient(new HttpClient { BaseAddress = fixture.Cluster.Silos[0].BaseAddress });
}
