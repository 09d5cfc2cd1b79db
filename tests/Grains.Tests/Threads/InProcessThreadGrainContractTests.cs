using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Testing;

namespace Threads.Grains.Tests.Threads;

/// <summary>The grain contract against in-process grains over the memory store.</summary>
public sealed class InProcessThreadGrainContractTests : ThreadGrainContractTests, IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public InProcessThreadGrainContractTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddThreadsGrains();
        services.AddThreadsMemoryStorage();
        _services = services.BuildServiceProvider();
    }

    protected override IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    protected override ManualTimeProvider Clock { get; } = new();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
