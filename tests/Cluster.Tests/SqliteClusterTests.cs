using Threads.TestingHost;

namespace Threads.Cluster.Tests;

/// <summary>Three silos over one SQLite file (each with its own store and writer; SQLite's file lock between them).</summary>
public sealed class SqliteClusterTests : InProcessClusterCorrectnessTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("threads-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    protected override void UseSharedStorage(ThreadsTestClusterOptions options)
    {
        options.Configuration["Threads:Storage:Provider"] = "Sqlite";
        options.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "threads.db")}";
    }
}
