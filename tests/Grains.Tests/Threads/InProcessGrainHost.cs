using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Threads.Testing;

namespace Threads.Grains.Tests.Threads;

/// <summary>A grain runtime over the memory store with a manual clock: the in-process side of the grain contracts.</summary>
internal sealed class InProcessGrainHost : IAsyncDisposable
{
    private readonly TestSilo _services;

    public InProcessGrainHost()
    {
        _services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(Clock)
            .AddThreadsGrains()
            .AddThreadsMemoryStorage()
            .StartTestSilo();
    }

    public FakeTimeProvider Clock { get; } = TestClock.Create();

    public IThreadsClient Grains => _services.Grains.AsThreadsClient();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
