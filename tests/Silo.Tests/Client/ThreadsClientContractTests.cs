using Microsoft.Extensions.Time.Testing;
using Threads.Grains;
using Threads.Testing;

namespace Threads.Silo.Tests.Client;

/// <summary>The grain contract through <c>ThreadsClient</c>, over HTTP, against the silos of a test cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ThreadsClientContractTests(ClusterFixture fixture) : ThreadGrainContractTests
{
    protected override IThreadsClient Grains => fixture.Cluster.Client;

    protected override FakeTimeProvider Clock => fixture.Clock;
}
