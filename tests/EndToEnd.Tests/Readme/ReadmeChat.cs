using Threads.Grains;
using Threads.TestingHost;

namespace Threads.EndToEnd.Tests.Readme;

/// <summary>The README's <c>Chat</c>, as it is shown there (<see cref="ReadmeTests"/> checks that it still is), for tests to run.</summary>
public sealed class Chat(IThreadsClient threads)
{
    public async Task<string> StartAsync(CancellationToken ct)
    {
        var thread = threads.GetThread("default", Identifiers.NewThreadId());
        var created = await thread.CreateAsync(new CreateThreadRequest { ResourceId = "project-xyz", Title = "Support" }, ct);
        return created.Id;
    }

    public async Task<IReadOnlyList<ThreadMessage>> SayAsync(string threadId, string text, CancellationToken ct)
    {
        var thread = threads.GetThread("default", threadId);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, text, "guille")] }, cancellationToken: ct);
        var page = await thread.GetMessagesAsync(new MessageQuery { Limit = 50, Order = SortOrder.Descending }, ct);
        return page.Messages;
    }
}

public static class ReadmeTestCluster
{
    /// <summary>The README's test cluster; returns what the two clients saw of one thread.</summary>
    public static async Task<(ThreadInfo Created, ThreadInfo Read)> CreateOverOrleansReadOverHttpAsync()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 2);
        await cluster.DeployAsync();
        var overOrleans = cluster.Grains.GetThread("default", "t1");
        var overHttp = cluster.Silos[1].Client.GetThread("default", "t1");
        return (await overOrleans.CreateAsync(new CreateThreadRequest { Title = "from the README" }), await overHttp.GetAsync());
    }
}
