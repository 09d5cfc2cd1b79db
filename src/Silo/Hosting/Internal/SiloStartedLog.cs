using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Threads.Grains.Storage;

namespace Threads.Silo.Hosting.Internal;

/// <summary>
/// The one line a silo writes once it listens: its storage, its cluster and where to reach its API and UI. It stands
/// for the host's own start-up lines (listening addresses, environment, content root), which are kept at Warning.
/// </summary>
internal sealed partial class SiloStartedLog(
    IHostApplicationLifetime lifetime,
    IServer server,
    IThreadStore store,
    IOptions<ClusterOptions> cluster,
    IConfiguration configuration,
    ILogger<SiloStartedLog> logger) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _started.DisposeAsync().AsTask();

    private void Write()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "(no HTTP address)";
        var mode = configuration.GetSection(ThreadsClusterOptions.SectionName).Get<ThreadsClusterOptions>()?.Provider ?? ClusterProvider.Localhost;
        LogStarted(store.Target, mode, cluster.Value.ClusterId, address, $"{address}/ui/");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Threads silo started: storage {Storage}, cluster {ClusterMode} '{ClusterId}', HTTP {Address}, UI {UiAddress}")]
    private partial void LogStarted(string storage, ClusterProvider clusterMode, string? clusterId, string address, string uiAddress);
}
