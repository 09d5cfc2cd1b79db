using Threads.Agents;
using Threads.Grains;

namespace Threads.EndToEnd.Tests.Scenarios;

/// <summary>Several users: each on a thread of their own, or together on a team thread.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UsersAndTeamsTests(ClusterFixture fixture)
{
    private readonly string _ns = "e" + Guid.NewGuid().ToString("N")[..16];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeparateThreads_TwoUsers_KeepSeparateFacts()
    {
        var agent = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns);
        var alice = await agent.StartAsync(null, resourceId: "alice", cancellationToken: Ct);
        var bob = await agent.StartAsync(null, resourceId: "bob", cancellationToken: Ct);

        await agent.AskAsync(alice, "My name is Alice and I like tea", "alice", Ct);
        await agent.AskAsync(bob, "My name is Bob and I like coffee", "bob", Ct);

        Assert.Equal("Your name is Alice.", await agent.AskAsync(alice, "What is my name?", "alice", Ct));
        Assert.Equal("You like coffee.", await agent.AskAsync(bob, "What do I like?", "bob", Ct));
        Assert.Equal("You like tea.", await agent.AskAsync(alice, "What do I like?", "alice", Ct));
    }

    [Fact]
    public async Task TeamThread_ThreeUsers_KeepsEachMessagesUserId()
    {
        var team = fixture.Cluster.Client.GetThread(_ns, "team-standup");
        await team.CreateAsync(new CreateThreadRequest { ResourceId = "team-a", Title = "Stand-up" }, Ct);

        foreach (var user in new[] { "alice", "bob", "carol" })
        {
            await team.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"{user}: done yesterday", user)] }, cancellationToken: Ct);
        }

        var log = await team.GetMessagesAsync(new MessageQuery(), Ct);
        Assert.Equal(["alice", "bob", "carol"], log.Messages.Select(static m => m.UserId!));
        Assert.Equal([1L, 2L, 3L], log.Messages.Select(static m => m.Seq));
    }
}
