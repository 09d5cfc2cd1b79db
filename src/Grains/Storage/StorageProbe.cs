namespace Threads.Grains.Storage;

/// <summary>
/// Asks the silo's storage whether it takes writes (<see cref="IThreadStore.ProbeWritesAsync"/>) and names the answer,
/// for readiness: callers outside the grains reach the store through this, not directly. Each call probes again.
/// </summary>
public sealed class StorageProbe(IThreadStore store)
{
    /// <summary>Probes the storage; a probe that takes longer than <paramref name="timeout"/> is <see cref="StorageReadiness.Unreachable"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<StorageReadiness> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await store.ProbeWritesAsync(timer.Token).ConfigureAwait(false);
            return StorageReadiness.Ready;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return StorageFaults.Classify(store, exception) == StorageFault.Full ? StorageReadiness.Full : StorageReadiness.Unreachable;
        }
    }
}
