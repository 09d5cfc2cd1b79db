using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Threads.Silo.Hosting.Health;

/// <summary>Readiness in the cluster: healthy while this silo is active in its cluster's membership, else <c>joining cluster</c> or <c>leaving cluster</c>.</summary>
internal sealed class ClusterHealthCheck(SiloActivity activity, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!activity.IsActive)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ThreadsHealthChecks.JoiningCluster));
        }

        // Resolved only once the silo runs: the membership's snapshot names this silo from then on.
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var status = membership.CurrentSnapshot.GetSiloStatus(services.GetRequiredService<ILocalSiloDetails>().SiloAddress);
        return Task.FromResult(status switch
        {
            SiloStatus.Active => HealthCheckResult.Healthy(),
            SiloStatus.ShuttingDown or SiloStatus.Stopping or SiloStatus.Dead => HealthCheckResult.Unhealthy(ThreadsHealthChecks.LeavingCluster),
            _ => HealthCheckResult.Unhealthy(ThreadsHealthChecks.JoiningCluster),
        });
    }
}
