using Threads.Grains.Storage;

namespace Threads.Silo.Hosting;

/// <summary>Creates or migrates the storage schema before the server accepts requests.</summary>
/// <remarks>Runs in <see cref="StartingAsync"/>, which every hosted service finishes before any starts, the server included.</remarks>
internal sealed partial class StoreInitializer(IThreadStore store, ILogger<StoreInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        LogInitialized(store.GetType().Name);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {Store}.")]
    private partial void LogInitialized(string store);
}
