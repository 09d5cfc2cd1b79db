using Threads.TestingHost;

namespace Threads.Cluster.Tests;

/// <summary>Three silos in this process over one PostgreSQL database.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresClusterTests : InProcessClusterCorrectnessTests
{
    protected override void UseSharedStorage(ThreadsTestClusterOptions options)
    {
        options.Configuration["Threads:Storage:Provider"] = "Postgres";
        options.Configuration["Threads:Storage:ConnectionString"] = TestPostgres.ConnectionString();
        options.Configuration["Threads:Storage:Postgres:Schema"] = "cluster_tests";
    }
}
