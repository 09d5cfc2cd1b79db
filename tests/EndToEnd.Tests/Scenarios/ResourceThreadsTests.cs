using Threads.Agents;
using Threads.Grains;

namespace Threads.EndToEnd.Tests.Scenarios;

/// <summary>A resource's threads: the current one, titled ones, the list, and clones that branch off.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ResourceThreadsTests(ClusterFixture fixture)
{
    private readonly string _ns = "e" + Guid.NewGuid().ToString("N")[..16];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IResourceIndexGrain Resource(string id) => fixture.Cluster.Client.GetResourceIndex(_ns, id);

    private IThreadGrain Thread(string id) => fixture.Cluster.Client.GetThread(_ns, id);

    [Fact]
    public async Task CurrentThread_SelectOrCreate_CreatesOnceThenSelects()
    {
        var first = await Resource("project-xyz").GetCurrentThreadAsync(new CurrentThreadRequest { Title = "Main" }, Ct);
        var again = await Resource("project-xyz").GetCurrentThreadAsync(new CurrentThreadRequest { Title = "Ignored" }, Ct);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Thread.Id, again.Thread.Id);
        Assert.Equal("Main", again.Thread.Title);
    }

    [Fact]
    public async Task CreateWithTitle_ThenList_ListsTheResourcesThreadsNewestFirst()
    {
        var agent = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns);
        var older = await agent.StartAsync(null, resourceId: "project-xyz", title: "Pricing questions", cancellationToken: Ct);
        var newer = await agent.StartAsync(null, resourceId: "project-xyz", title: "Bug report", cancellationToken: Ct);
        await agent.StartAsync(null, resourceId: "another-project", title: "Elsewhere", cancellationToken: Ct);
        await agent.AskAsync(newer, "My name is Guille", cancellationToken: Ct);

        var page = await Resource("project-xyz").ListThreadsAsync(new ThreadListQuery(), Ct);

        Assert.Equal([newer, older], page.Threads.Select(static t => t.Id));
        Assert.Equal(["Bug report", "Pricing questions"], page.Threads.Select(static t => t.Title!));
    }

    [Fact]
    public async Task Clone_GoOnInClone_SourceStaysAsItWas()
    {
        var agent = new ChatAgent(fixture.Cluster.Client, new EchoChatClient(), _ns);
        var source = await agent.StartAsync(null, resourceId: "project-xyz", cancellationToken: Ct);
        await agent.AskAsync(source, "My name is Guille", cancellationToken: Ct);
        var before = await Thread(source).GetAsync(10, Ct);

        var clone = await Thread(source).CloneAsync(new CloneThreadRequest { Title = "What if" }, Ct);
        await agent.AskAsync(clone.Id, "My name is Memo", cancellationToken: Ct);

        Assert.Equal("Your name is Memo.", await agent.AskAsync(clone.Id, "What is my name?", cancellationToken: Ct));
        Assert.Equal(new ParentLink(source, before.LastSeq), clone.Parent);
        var after = await Thread(source).GetAsync(10, Ct);
        Assert.Equal(before.LastSeq, after.LastSeq);
        Assert.Equal(before.Messages!.Select(static m => m.Id), after.Messages!.Select(static m => m.Id));
        Assert.Equal("Your name is Guille.", await agent.AskAsync(source, "What is my name?", cancellationToken: Ct));
    }
}
