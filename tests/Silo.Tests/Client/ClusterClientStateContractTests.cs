using Microsoft.Extensions.Time.Testing;
using Threads.Grains;
using Threads.Testing;

namespace Threads.Silo.Tests.Client;

/// <summary>The contract of state, schemas, locks and runs through the Orleans cluster client: a client process's calls through the silos' gateways.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterClientStateContractTests(ClusterFixture fixture) : ThreadStateContractTests
{
    protected override IThreadsClient Grains => fixture.Cluster.Grains;

    protected override FakeTimeProvider Clock => fixture.Clock;
}
