using Threads.Agents;
using Threads.Grains;

namespace Threads.EndToEnd.Tests.Scenarios;

/// <summary>Namespaces keep conversations apart; history reads back in pages, in either order.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NamespacesAndHistoryTests(ClusterFixture fixture)
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameThreadId_TwoNamespaces_HoldSeparateConversations()
    {
        var production = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), $"prod-{_suffix}");
        var staging = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), $"staging-{_suffix}");
        foreach (var ns in new[] { $"prod-{_suffix}", $"staging-{_suffix}" })
        {
            await fixture.Cluster.Client.GetThread(ns, "support-1").CreateAsync(new CreateThreadRequest(), Ct);
        }

        await production.AskAsync("support-1", "My name is Guille", cancellationToken: Ct);
        await staging.AskAsync("support-1", "My name is Test", cancellationToken: Ct);

        Assert.Equal("Your name is Guille.", await production.AskAsync("support-1", "What is my name?", cancellationToken: Ct));
        Assert.Equal("Your name is Test.", await staging.AskAsync("support-1", "What is my name?", cancellationToken: Ct));
    }

    [Fact]
    public async Task History_LimitAndOrder_ReturnsThePageAskedFor()
    {
        var thread = fixture.Cluster.Client.GetThread($"hist-{_suffix}", "long");
        await thread.CreateAsync(new CreateThreadRequest(), Ct);
        for (var i = 1; i <= 12; i++)
        {
            await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"m{i}")] }, cancellationToken: Ct);
        }

        var newest = await thread.GetMessagesAsync(new MessageQuery { Limit = 5, Order = SortOrder.Descending }, Ct);
        var oldest = await thread.GetMessagesAsync(new MessageQuery { Limit = 5 }, Ct);
        var next = await thread.GetMessagesAsync(new MessageQuery { Limit = 5, Cursor = oldest.NextCursor }, Ct);

        Assert.Equal([12L, 11L, 10L, 9L, 8L], newest.Messages.Select(static m => m.Seq));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], oldest.Messages.Select(static m => m.Seq));
        Assert.Equal([6L, 7L, 8L, 9L, 10L], next.Messages.Select(static m => m.Seq));
        Assert.Equal("m12", ((TextPart)newest.Messages[0].Content[0]).Text);
    }
}
