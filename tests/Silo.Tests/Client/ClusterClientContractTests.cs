using Microsoft.Extensions.Time.Testing;
using Threads.Grains;
using Threads.Testing;

namespace Threads.Silo.Tests.Client;

/// <summary>The grain contract through the Orleans cluster client: a client process's calls through the silos' gateways.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterClientContractTests(ClusterFixture fixture) : ThreadGrainContractTests
{
    protected override IThreadsClient Grains => fixture.Cluster.Grains;

    protected override FakeTimeProvider Clock => fixture.Clock;
}
