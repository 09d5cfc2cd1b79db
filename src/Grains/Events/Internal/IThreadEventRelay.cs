using Orleans.Services;

namespace Threads.Grains.Events.Internal;

/// <summary>A silo's receiver of the other silos' events: one instance per silo, addressed by the silo.</summary>
[Alias("threads.IThreadEventRelay")]
internal interface IThreadEventRelay : IGrainService
{
    /// <summary>
    /// Publishes another silo's events on this silo's bus, in the order given. The sender waits for the answer before
    /// it sends the next batch: Orleans spreads messages between two silos over both their connections, so one-way
    /// batches could overtake each other, and a thread's events would arrive out of order. A silo that does not answer
    /// in time misses the batch (its streams resume with <c>Last-Event-ID</c>) and holds up the others no longer.
    /// </summary>
    [ResponseTimeout("00:00:05")]
    [Alias("Publish")]
    Task PublishAsync(ThreadEvent[] events);
}
