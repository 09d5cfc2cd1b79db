using Microsoft.Extensions.Time.Testing;
using Threads.Grains;
using Threads.Testing;

namespace Threads.Silo.Tests.Client;

/// <summary>The contract of state, schemas, locks and runs through <c>ThreadsClient</c>, over HTTP, against the silos of a test cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ThreadsClientStateContractTests(ClusterFixture fixture) : ThreadStateContractTests
{
    protected override IThreadsClient Grains => fixture.Cluster.Client;

    protected override FakeTimeProvider Clock => fixture.Clock;
}
