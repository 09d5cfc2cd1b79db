namespace Threads.Grains.Events;

/// <summary>
/// Carries events between the silos of a cluster, so that an event stream on one silo shows the writes made through
/// another. Best effort: an event can be lost while a connection is re-established; streams resume from the silo's
/// own bounded window.
/// </summary>
public interface IThreadEventTransport
{
    /// <summary>True while another silo is known to listen: only then are local events (and their data) worth sending.</summary>
    bool HasListeners { get; }

    /// <summary>Queues a local event for the other silos; never blocks the write that produced it.</summary>
    void Send(ThreadEvent threadEvent);

    /// <summary>The other silos' events, as they arrive, until cancelled.</summary>
    IAsyncEnumerable<ThreadEvent> ReceiveAsync(CancellationToken cancellationToken);
}
