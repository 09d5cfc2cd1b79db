using Threads.TestingHost;

namespace Threads.Cluster.Tests;

/// <summary>The cluster tests on a <see cref="ThreadsTestCluster"/>: three silos in this process.</summary>
public abstract class InProcessClusterCorrectnessTests : ClusterCorrectnessTests
{
    /// <summary>Points the cluster's silos at one shared database.</summary>
    protected abstract void UseSharedStorage(ThreadsTestClusterOptions options);

    protected override async Task<ClusterUnderTest> DeployAsync()
    {
        var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = SiloCount;
            UseSharedStorage(o);
        });
        await cluster.DeployAsync(Ct);
        return new InProcessCluster(cluster);
    }
}
