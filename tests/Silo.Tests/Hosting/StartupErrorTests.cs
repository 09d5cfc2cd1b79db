using System.Net;
using System.Net.Sockets;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Hosting;

/// <summary>A silo process that cannot start says why in one line naming the setting, exits 1, and prints no stack trace.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("threads-startup-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task HttpPort_InUse_ExitsNamingUrls()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var reason = await StartFailureAsync(new() { ["urls"] = $"http://127.0.0.1:{port}" });

        Assert.Contains("in use", reason, StringComparison.Ordinal);
        Assert.Contains("--urls", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresStorage_WithoutConnectionString_ExitsNamingThreadsStorageConnectionString()
    {
        var reason = await StartFailureAsync(new() { ["Threads:Storage:Provider"] = "Postgres", ["Threads:Storage:ConnectionString"] = null });

        Assert.Contains("Threads:Storage:ConnectionString", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Threads:Storage:Provider", "Cassandra", "Sqlite, Postgres, Memory")]
    [InlineData("Threads:Cluster:Provider", "Kubernetes", "Localhost, AdoNet, External")]
    [InlineData("Threads:Storage:Sqlite:Durability", "Eventually", "Full, Normal")]
    public async Task EnumSetting_UnknownValue_ExitsNamingTheSettingAndItsChoices(string key, string value, string choices)
    {
        var reason = await StartFailureAsync(new() { [key] = value });

        Assert.Equal($"threads: cannot start: {key} is '{value}', which is not one of {choices}.", reason);
    }

    [Theory]
    [InlineData("Threads:Limits:MaxPageSize", "0", "Threads:Limits:MaxPageSize must be between 1 and 2147483647.")]
    [InlineData("Threads:Limits:MaxFilesPerThread", "-1", "Threads:Limits:MaxFilesPerThread must be between 1 and 2147483647.")]
    [InlineData("Threads:Limits:MaxRequestBodyBytes", "0", "Threads:Limits:MaxRequestBodyBytes must be between 1 and 9223372036854775807.")]
    [InlineData("Threads:Events:SubscriberBuffer", "0", "Threads:Events:SubscriberBuffer must be between 1 and 2147483647.")]
    public async Task Limit_OutOfRange_ExitsNamingTheSettingAndItsRange(string key, string value, string expected)
    {
        var reason = await StartFailureAsync(new() { [key] = value });

        Assert.Equal($"threads: cannot start: {expected}", reason);
    }

    /// <summary>Starts a silo process that must fail, and returns its one line of reason.</summary>
    private async Task<string> StartFailureAsync(Dictionary<string, string?> configuration)
    {
        configuration.TryAdd("Threads:Storage:ConnectionString", $"Data Source={Path.Combine(_directory, "threads.db")}");
        configuration = configuration.Where(static s => s.Value is not null).ToDictionary();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ThreadsSiloProcess.StartAsync(configuration, Ct));

        var lines = failure.Message.Split(Environment.NewLine).Where(static l => l.StartsWith("threads: cannot start:", StringComparison.Ordinal)).ToList();
        Assert.Contains("exited with 1", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Threads.Silo.", failure.Message, StringComparison.Ordinal);
        return Assert.Single(lines);
    }
}
