using System.Threading.Channels;

namespace Threads.Grains.Storage;

/// <summary>A live subscription to an <see cref="IThreadChangeFeed"/>; dispose it to stop.</summary>
public sealed class ThreadChangeSubscription : IAsyncDisposable
{
    private readonly ChannelReader<ThreadChange> _changes;
    private readonly Func<ValueTask> _unsubscribe;

    /// <summary>Creates a subscription over a feed's channel; <paramref name="unsubscribe"/> runs once, on dispose.</summary>
    public ThreadChangeSubscription(ChannelReader<ThreadChange> changes, Func<ValueTask> unsubscribe)
    {
        _changes = changes;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The changes in the order they were committed, until the subscription or the feed ends.</summary>
    public IAsyncEnumerable<ThreadChange> ReadAllAsync(CancellationToken cancellationToken = default) => _changes.ReadAllAsync(cancellationToken);

    /// <summary>Stops the subscription.</summary>
    public ValueTask DisposeAsync() => _unsubscribe();
}
