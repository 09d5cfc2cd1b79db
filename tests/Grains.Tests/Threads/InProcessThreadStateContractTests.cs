using Microsoft.Extensions.Time.Testing;
using Threads.Testing;

namespace Threads.Grains.Tests.Threads;

/// <summary>The state, lock and run contract against in-process grains over the memory store.</summary>
public sealed class InProcessThreadStateContractTests : ThreadStateContractTests, IAsyncDisposable
{
    private readonly InProcessGrainHost _host = new();

    protected override IThreadsClient Grains => _host.Grains;

    protected override FakeTimeProvider Clock => _host.Clock;

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
