using Threads.Client;
using Threads.Grains;
using Threads.TestingHost;

namespace Threads.Silo.Tests.TestingHost;

public sealed class ThreadsTestClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deploy_TwoSilos_ListenOnDistinctLoopbackPorts()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 2);

        await cluster.DeployAsync(Ct);

        Assert.Equal(2, cluster.Silos.Count);
        Assert.All(cluster.Silos, s => Assert.Equal("127.0.0.1", s.BaseAddress.Host));
        Assert.NotEqual(cluster.Silos[0].BaseAddress.Port, cluster.Silos[1].BaseAddress.Port);
    }

    [Fact]
    public async Task Silos_OverOneStore_SeeEachOthersWrites()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 2);
        await cluster.DeployAsync(Ct);
        var onFirst = cluster.Silos[0].Client.GetThread("default", "shared");
        var onSecond = cluster.Silos[1].Client.GetThread("default", "shared");

        await onFirst.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.User, "from the first")] }, Ct);
        await onSecond.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "from the second")] }, cancellationToken: Ct);

        var seen = await onFirst.GetAsync(10, Ct);
        Assert.Equal(2, seen.LastSeq);
        Assert.Equal("from the second", ((TextPart)seen.Messages![1].Content[0]).Text);
    }

    [Fact]
    public async Task UpdateWithVersion_AfterAnotherSiloUpdated_UsesTheStoredVersion()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 2);
        await cluster.DeployAsync(Ct);
        var onFirst = cluster.Silos[0].Client.GetThread("default", "versioned");
        var onSecond = cluster.Silos[1].Client.GetThread("default", "versioned");
        await onFirst.CreateAsync(new CreateThreadRequest { Title = "v1" }, Ct);
        var second = await onSecond.UpdateAsync(new UpdateThreadRequest { Title = "v2" }, expectedVersion: 1, Ct);

        var third = await onFirst.UpdateAsync(new UpdateThreadRequest { Title = "v3" }, expectedVersion: second.Version, Ct);

        Assert.Equal(3, third.Version);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => onSecond.UpdateAsync(new UpdateThreadRequest { Title = "stale" }, expectedVersion: 2, Ct));
    }

    [Fact]
    public async Task AppendWithExpectedLastSeq_AfterAnotherSiloAppended_UsesTheStoredSeq()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 2);
        await cluster.DeployAsync(Ct);
        var onFirst = cluster.Silos[0].Client.GetThread("default", "seqs");
        var onSecond = cluster.Silos[1].Client.GetThread("default", "seqs");
        await onFirst.CreateAsync(new CreateThreadRequest(), Ct);
        await onSecond.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "a")], ExpectedLastSeq = 0 }, cancellationToken: Ct);

        var appended = await onFirst.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "b")], ExpectedLastSeq = 1 }, cancellationToken: Ct);

        Assert.Equal(2, appended.LastSeq);
    }

    [Fact]
    public async Task StartAdditionalSilo_Running_ServesTheSameData()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 1);
        await cluster.DeployAsync(Ct);
        await cluster.Client.GetThread("default", "t").CreateAsync(new CreateThreadRequest { Title = "kept" }, Ct);

        var added = await cluster.StartAdditionalSiloAsync(Ct);

        Assert.Equal(2, cluster.Silos.Count);
        Assert.Equal("kept", (await added.Client.GetThread("default", "t").GetAsync(0, Ct)).Title);
    }

    [Fact]
    public async Task StopSilo_OneOfTwo_ClientGoesOnWithTheOther()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 2);
        await cluster.DeployAsync(Ct);
        var thread = cluster.Client.GetThread("default", "t");
        await thread.CreateAsync(new CreateThreadRequest(), Ct);

        await cluster.StopSiloAsync(cluster.Silos[0], Ct);

        Assert.Single(cluster.Silos);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "still here")] }, cancellationToken: Ct);
        Assert.Equal(1, (await thread.GetAsync(0, Ct)).LastSeq);
    }

    [Fact]
    public async Task KillSilo_ThenRestart_AcknowledgedWritesSurviveOnTheSamePort()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 1);
        await cluster.DeployAsync(Ct);
        var silo = cluster.Silos[0];
        var thread = cluster.Client.GetThread("default", "t");
        await thread.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.User, "before the crash")] }, Ct);

        await cluster.KillSiloAsync(silo);
        Assert.Empty(cluster.Silos);
        await Assert.ThrowsAsync<ThreadsException>(() => ClientOf(silo).GetThread("default", "t").GetAsync(0, Ct));
        var restarted = await cluster.RestartSiloAsync(silo, Ct);

        Assert.Equal(silo.BaseAddress, restarted.BaseAddress);
        Assert.Equal(silo.Name, restarted.Name);
        Assert.Equal(1, (await thread.GetAsync(0, Ct)).LastSeq);
    }

    [Fact]
    public async Task UnreachableSilo_Call_ThrowsUnavailable()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 1);
        await cluster.DeployAsync(Ct);
        var silo = cluster.Silos[0];
        await cluster.StopSiloAsync(silo, Ct);

        var error = await Assert.ThrowsAsync<ThreadsException>(() => ClientOf(silo).GetThread("default", "t").GetAsync(0, Ct));

        Assert.Equal(ErrorCodes.Unavailable, error.Code);
    }

    /// <summary>A client of its own to a silo's address, which outlives the silo (whose own client is disposed with it).</summary>
    private static ThreadsClient ClientOf(ThreadsTestSilo silo) => new(new HttpClient { BaseAddress = silo.BaseAddress });
}
