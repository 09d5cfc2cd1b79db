using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;
using Threads.Grains.Hosting.Internal;
using Threads.Grains.Storage;

namespace Threads.Silo.Hosting;

/// <summary>
/// Creates or migrates the storage schema in the silo's start, before Orleans' runtime and membership start
/// (<see cref="StartupStages.Storage"/>): a database that does not answer yet is waited for, with backoff and one
/// log line per attempt, while the HTTP server already answers <c>/healthz</c> and <c>/readyz</c>.
/// </summary>
internal sealed partial class StorageStartup(
    IThreadStore store,
    IOptions<StorageStartupOptions> options,
    TimeProvider time,
    ILogger<StorageStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(StorageStartup), StartupStages.Storage, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await StartupRetry.RunAsync(
            store.Target,
            store.InitializeAsync,
            e => StorageFaults.Classify(store, e) == StorageFault.Unavailable,
            options.Value.StartupTimeout,
            time,
            logger,
            cancellationToken).ConfigureAwait(false);
        LogInitialized(store.Target);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage ready: {Target}.")]
    private partial void LogInitialized(string target);
}
