using Threads.TestingHost;

namespace Threads.Silo.Tests.Limits;

/// <summary>A one-silo cluster with small limits, so that each can be exceeded cheaply.</summary>
public sealed class LimitsClusterFixture : IAsyncLifetime
{
    public ThreadsTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Limits:MaxRequestBodyBytes"] = "8192";
            o.Configuration["Threads:Limits:MaxFileBytes"] = "16384";
            o.Configuration["Threads:Limits:MaxRequestHeadersTotalBytes"] = "4096";
            o.Configuration["Threads:Limits:MaxMessageBytes"] = "1024";
            o.Configuration["Threads:Limits:MaxMessagesPerAppend"] = "3";
            o.Configuration["Threads:Limits:MaxMetadataKeys"] = "2";
            o.Configuration["Threads:Limits:MaxMetadataKeyLength"] = "8";
            o.Configuration["Threads:Limits:MaxMetadataValueLength"] = "16";
            o.Configuration["Threads:Limits:MaxPageSize"] = "10";
        });
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
