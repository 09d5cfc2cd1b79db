using System.Net;
using System.Net.Sockets;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Hosting;

/// <summary>A cluster misconfiguration stops the silo process at start with one line naming the setting.</summary>
public sealed class ClusterConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("threads-clustercfg-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AdoNet_WithoutAConnectionString_ExitsNamingThreadsClusterConnectionString()
    {
        var reason = await StartFailureAsync(new() { ["Threads:Cluster:Provider"] = "AdoNet" });

        Assert.Contains("Threads:Cluster:ConnectionString", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterId_WithBadCharacters_ExitsNamingThreadsClusterClusterId()
    {
        var reason = await StartFailureAsync(new() { ["Threads:Cluster:ClusterId"] = "two words!" });

        Assert.Contains("Threads:Cluster:ClusterId", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiloPort_InUse_ExitsNamingThePortSettings()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var reason = await StartFailureAsync(new() { ["Threads:Cluster:SiloPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains("in use", reason, StringComparison.Ordinal);
        Assert.Contains("Threads:Cluster:SiloPort", reason, StringComparison.Ordinal);
    }

    /// <summary>Starts a silo process that must fail, and returns its one line of reason.</summary>
    private async Task<string> StartFailureAsync(Dictionary<string, string?> configuration)
    {
        configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "threads.db")}";

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ThreadsSiloProcess.StartAsync(configuration, Ct));

        var lines = failure.Message.Split(Environment.NewLine).Where(static l => l.StartsWith("threads: cannot start:", StringComparison.Ordinal)).ToList();
        Assert.Contains("exited with 1", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failure.Message, StringComparison.Ordinal);
        return Assert.Single(lines);
    }
}
