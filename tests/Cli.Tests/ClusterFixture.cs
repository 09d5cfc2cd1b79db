using Threads.TestingHost;

namespace Threads.Cli.Tests;

/// <summary>One silo with HTTP on loopback for the tool's processes to talk to; each test uses a namespace of its own.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ThreadsTestCluster Cluster { get; } = new(o => o.SiloCount = 1);

    public Uri Url => Cluster.Silos[0].BaseAddress;

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cli";
}
