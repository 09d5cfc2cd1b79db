using Threads.TestingHost;

namespace Threads.Agents.Tests;

/// <summary>One silo with HTTP, shared by the tests of this project: each uses a namespace of its own.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ThreadsTestCluster Cluster { get; } = new(o => o.SiloCount = 1);

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "agents";
}
