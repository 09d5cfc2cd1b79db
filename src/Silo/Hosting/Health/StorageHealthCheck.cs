using Microsoft.Extensions.Diagnostics.HealthChecks;
using Threads.Grains.Storage;

namespace Threads.Silo.Hosting.Health;

/// <summary>
/// Readiness of the storage: healthy while it takes a small committed write (<see cref="StorageProbe"/>), else unhealthy
/// with the reason: <c>storage full</c> or <c>storage unreachable</c> (which a probe that takes longer than
/// <see cref="ProbeTimeout"/> is too). Each call probes again, so readiness comes back by itself with the storage.
/// </summary>
internal sealed class StorageHealthCheck(StorageProbe probe) : IHealthCheck
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.ProbeAsync(ProbeTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            StorageReadiness.Ready => HealthCheckResult.Healthy(),
            StorageReadiness.Full => HealthCheckResult.Unhealthy(ThreadsHealthChecks.StorageFull),
            _ => HealthCheckResult.Unhealthy(ThreadsHealthChecks.StorageUnreachable),
        };
}
