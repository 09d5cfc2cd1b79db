namespace Threads.EndToEnd.Tests;

/// <summary>The scenarios that share <see cref="ClusterFixture"/>'s cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "end-to-end";
}
