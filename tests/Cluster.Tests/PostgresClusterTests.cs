using Threads.TestingHost;

namespace Threads.Cluster.Tests;

/// <summary>Three silos over one PostgreSQL database: what users run in production.</summary>
public sealed class PostgresClusterTests : ClusterCorrectnessTests
{
    protected override void UseSharedStorage(ThreadsTestClusterOptions options)
    {
        var connectionString = Environment.GetEnvironmentVariable("THREADS_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connectionString))
        {
            // On CI the server is started by .ci/run: its absence there is a failure, not a skip.
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "CI=true but THREADS_TEST_POSTGRES is not set: .ci/run must start PostgreSQL.");
            Assert.Skip("PostgreSQL cluster tests need THREADS_TEST_POSTGRES (an Npgsql connection string); .ci/run sets it.");
        }

        options.Configuration["Threads:Storage:Provider"] = "Postgres";
        options.Configuration["Threads:Storage:ConnectionString"] = connectionString;
        options.Configuration["Threads:Storage:Postgres:Schema"] = "cluster_tests";
    }
}
