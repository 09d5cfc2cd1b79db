using Threads.TestingHost;

namespace Threads.EndToEnd.Tests;

/// <summary>A two-silo cluster shared by the scenarios of <see cref="ClusterCollection"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ThreadsTestCluster Cluster { get; } = new(o => o.SiloCount = 2);

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
