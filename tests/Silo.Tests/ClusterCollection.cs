namespace Threads.Silo.Tests;

/// <summary>The tests that share <see cref="ClusterFixture"/>'s cluster (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
