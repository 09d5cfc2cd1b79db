namespace Threads.Cluster.Tests;

/// <summary>The PostgreSQL server the tests may use: <c>THREADS_TEST_POSTGRES</c>, which .ci/run sets.</summary>
internal static class TestPostgres
{
    /// <summary>Its connection string; the test is skipped without one, and fails on CI (where its absence is a broken script).</summary>
    public static string ConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable("THREADS_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connectionString))
        {
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "CI=true but THREADS_TEST_POSTGRES is not set: .ci/run must start PostgreSQL.");
            Assert.Skip("PostgreSQL cluster tests need THREADS_TEST_POSTGRES (an Npgsql connection string); .ci/run sets it.");
        }

        return connectionString;
    }
}
