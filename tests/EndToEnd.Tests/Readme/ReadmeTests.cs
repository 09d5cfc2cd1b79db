using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Threads.Grains;

namespace Threads.EndToEnd.Tests.Readme;

/// <summary>The README's C# compiles as shown (it is <c>ReadmeChat.cs</c>) and works over both clients.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ReadmeTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Readme_EveryCSharpBlock_IsCodeThatThisProjectCompiles()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var compiled = Normalize(string.Concat(
            File.ReadAllText(Path.Combine(root, "tests", "EndToEnd.Tests", "Readme", "ReadmeChat.cs")),
            File.ReadAllText(Path.Combine(root, "tests", "EndToEnd.Tests", "Readme", "ReadmeAgents.cs"))));

        var blocks = CSharpBlock().Matches(readme).Select(static m => m.Groups["code"].Value).ToList();

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => Assert.Contains(Normalize(block), compiled, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_OverTheClusterClientAndOverHttp_StartsAndContinuesTheSameConversation()
    {
        using var http = BuildOverHttp(Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true }), fixture.Cluster.Silos[0].BaseAddress);
        var overHttp = new Chat(http.Services.GetRequiredService<IThreadsClient>());
        var overOrleans = new Chat(fixture.Cluster.Grains);

        var id = await overOrleans.StartAsync(Ct);
        await overOrleans.SayAsync(id, "hello", Ct);
        var seen = await overHttp.SayAsync(id, "again", Ct);

        Assert.Equal(["again", "hello"], seen.Select(static m => ((TextPart)m.Content[0]).Text));
        Assert.All(seen, static m => Assert.Equal("guille", m.UserId));
    }

    [Fact]
    public async Task TestCluster_AsTheReadmeShowsIt_ServesOneThreadToBothClients()
    {
        var (created, read) = await ReadmeTestCluster.CreateOverOrleansReadOverHttpAsync();

        Assert.Equal("t1", read.Id);
        Assert.Equal("from the README", read.Title);
        Assert.Equal(created.Version, read.Version);
    }

    [Fact]
    public async Task Agents_AsTheReadmeShowsThem_ResumeOneConversationOverBothClients()
    {
        var overOrleans = new ReadmeAgents(fixture.Cluster.Grains);
        var overHttp = new ReadmeAgents(fixture.Cluster.Silos[0].Client);

        var (threadId, answer) = await overOrleans.ChatAsync(Ct);
        var resumed = await overHttp.RunAgentAsync(threadId, "What is my name?", Ct);
        var fresh = await overHttp.RunAgentAsync(Identifiers.NewThreadId(), "What is my name?", Ct);

        Assert.Equal(("Your name is Guille.", "Your name is Guille.", "I don't know your name."), (answer, resumed, fresh));
    }

    private static IHost BuildOverHttp(HostApplicationBuilder builder, Uri silo)
    {
        ReadmeRegistrations.OverHttp(builder);

        // The README's address, pointed at the test cluster's first silo.
        builder.Services.AddThreadsClient(o => o.BaseAddress = silo);
        return builder.Build();
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Threads.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Threads.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
