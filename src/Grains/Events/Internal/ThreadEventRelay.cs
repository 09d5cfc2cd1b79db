using Microsoft.Extensions.Logging;

namespace Threads.Grains.Events.Internal;

/// <summary>The grain service that receives the other silos' events and hands them to this silo's <see cref="ThreadEventBus"/>.</summary>
internal sealed class ThreadEventRelay(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, ThreadEventBus bus)
    : GrainService(grainId, silo, loggerFactory), IThreadEventRelay
{
    /// <inheritdoc/>
    public Task PublishAsync(ThreadEvent[] events)
    {
        bus.PublishRelayed(events);
        return Task.CompletedTask;
    }
}
