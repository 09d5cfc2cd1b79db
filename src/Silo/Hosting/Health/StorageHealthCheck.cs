using Microsoft.Extensions.Diagnostics.HealthChecks;
using Threads.Grains.Storage;

namespace Threads.Silo.Hosting.Health;

/// <summary>
/// Readiness of the storage: healthy while it takes a small committed write (<see cref="IThreadStore.ProbeWritesAsync"/>),
/// else unhealthy with the reason: <c>storage full</c> or <c>storage unreachable</c> (which a probe that takes longer
/// than <see cref="ProbeTimeout"/> is too). Each call probes again, so readiness comes back by itself with the storage.
/// </summary>
internal sealed class StorageHealthCheck(IThreadStore store) : IHealthCheck
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await store.ProbeWritesAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return StorageFaults.Classify(store, exception) == StorageFault.Full
                ? HealthCheckResult.Unhealthy(ThreadsHealthChecks.StorageFull)
                : HealthCheckResult.Unhealthy(ThreadsHealthChecks.StorageUnreachable);
        }
    }
}
