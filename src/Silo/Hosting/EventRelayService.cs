using Threads.Grains.Events;

namespace Threads.Silo.Hosting;

/// <summary>Publishes the other silos' events on this silo's bus, where the storage carries them (PostgreSQL); does nothing otherwise.</summary>
internal sealed class EventRelayService(ThreadEventBus bus) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => bus.RelayAsync(stoppingToken);
}
