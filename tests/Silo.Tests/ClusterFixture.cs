using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Threads.Testing;
using Threads.TestingHost;

namespace Threads.Silo.Tests;

/// <summary>One two-silo cluster over one store, shared by the tests of <see cref="ClusterCollection"/>; its silos read <see cref="Clock"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = TestClock.Create();

    public ThreadsTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 2;
            o.ConfigureServices = s => s.AddSingleton<TimeProvider>(Clock);
        });
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
