using Threads.Grains;
using Threads.Testing;

namespace Threads.Silo.Tests.Client;

/// <summary>The search contract through the Orleans cluster client, the acting user flowing in its request context.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterClientSearchContractTests(ClusterFixture fixture) : SearchContractTests
{
    protected override IThreadsClient Grains => fixture.Cluster.Grains;
}
