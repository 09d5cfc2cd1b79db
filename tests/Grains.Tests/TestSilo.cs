using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Threads.TestingHost;

namespace Threads.Grains.Tests;

/// <summary>
/// One real Orleans silo in this process (localhost clustering on free ports, a cluster of its own) over the services
/// a test registered: its store, clock, options. Two of them over one database are two clusters, each with its own
/// activation of a thread: the duplicate activation that the storage's ETag must keep honest.
/// </summary>
internal sealed class TestSilo : IServiceProvider, IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo whose services are <paramref name="services"/>, with the Threads grains.</summary>
    public static TestSilo Start(IServiceCollection services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        foreach (var descriptor in services)
        {
            builder.Services.Add(descriptor);
        }

        var cluster = $"test-{Guid.NewGuid():N}";
        builder.UseOrleans(silo =>
        {
            silo.AddThreads();
            silo.UseLocalhostClustering(LoopbackPort.Free(), LoopbackPort.Free(), serviceId: cluster, clusterId: cluster);
        });
        var host = builder.Build();
        host.Start();
        return new TestSilo(host);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType) => _host.Services.GetService(serviceType);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

}

/// <summary>Starts a <see cref="TestSilo"/> from a test's service registrations.</summary>
internal static class TestSiloServiceCollectionExtensions
{
    public static TestSilo StartTestSilo(this IServiceCollection services) => TestSilo.Start(services);
}
