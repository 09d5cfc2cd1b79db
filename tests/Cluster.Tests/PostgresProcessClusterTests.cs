namespace Threads.Cluster.Tests;

/// <summary>
/// Three silo processes over one PostgreSQL database, in one cluster on Orleans' ADO.NET membership in that database:
/// what users run in production, killed with a real kill -9 and restarted with SIGTERM.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresProcessClusterTests : ClusterCorrectnessTests
{
    protected override async Task<ClusterUnderTest> DeployAsync()
    {
        var connectionString = TestPostgres.ConnectionString();
        var clusterId = "p" + Guid.NewGuid().ToString("N")[..12];
        return await ProcessCluster.StartAsync(
            SiloCount,
            new Dictionary<string, string?>
            {
                ["Threads:Storage:Provider"] = "Postgres",
                ["Threads:Storage:ConnectionString"] = connectionString,
                ["Threads:Storage:Postgres:Schema"] = "cluster_process_tests",
                ["Threads:Cluster:Provider"] = "AdoNet",
                ["Threads:Cluster:ClusterId"] = clusterId,
            },
            o =>
            {
                o.Provider = "AdoNet";
                o.ConnectionString = connectionString;
                o.ClusterId = clusterId;
            },
            Ct);
    }
}
