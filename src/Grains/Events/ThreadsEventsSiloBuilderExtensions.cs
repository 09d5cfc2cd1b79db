using Microsoft.Extensions.DependencyInjection;
using Threads.Grains.Events;
using Threads.Grains.Events.Internal;

namespace Orleans.Hosting;

/// <summary>Carries the Threads event streams' events between the silos of a cluster, through Orleans.</summary>
public static class ThreadsEventsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the relay grain service that publishes the other silos' events on this silo's bus, and the transport that
    /// sends this silo's events to theirs while there are other silos. Adding it twice adds it once.
    /// </summary>
    public static ISiloBuilder AddThreadsEvents(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // A second grain service of the same type would claim the same id on the silo: register only once.
        if (services.Any(static d => d.ServiceType == typeof(OrleansThreadEventTransport)))
        {
            return builder;
        }

        builder.AddGrainService<ThreadEventRelay>();
        services.AddSingleton<ThreadEventRelayClient>();
        services.AddSingleton<OrleansThreadEventTransport>();
        services.AddSingleton<IThreadEventTransport>(static sp => sp.GetRequiredService<OrleansThreadEventTransport>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<OrleansThreadEventTransport>());
        return builder;
    }
}
