namespace Threads.Grains.Events;

/// <summary>
/// Carries this silo's events to the other silos of the cluster, so that an event stream on one silo shows the writes
/// made through another; what they send is published here by <see cref="ThreadEventBus.PublishRelayed"/>. Best effort:
/// an event can be lost while a silo joins, leaves or falls behind; streams resume from the silo's own bounded window.
/// </summary>
public interface IThreadEventTransport
{
    /// <summary>True while another silo could hear: only then are local events (and their data) worth sending.</summary>
    bool HasListeners { get; }

    /// <summary>Queues a local event for the other silos; never blocks the write that produced it.</summary>
    void Send(ThreadEvent threadEvent);
}
