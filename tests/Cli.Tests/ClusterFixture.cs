using Threads.TestingHost;

namespace Threads.Cli.Tests;

/// <summary>One silo over a SQLite file, with HTTP on loopback for the tool's processes to talk to; each test uses a namespace of its own.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("threads-cli-").FullName;

    public ClusterFixture() =>
        Cluster = new(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Sqlite";
            o.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "threads.db")}";
        });

    public ThreadsTestCluster Cluster { get; }

    public Uri Url => Cluster.Silos[0].BaseAddress;

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cli";
}
