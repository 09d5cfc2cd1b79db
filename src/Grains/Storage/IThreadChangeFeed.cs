namespace Threads.Grains.Storage;

/// <summary>
/// Tells a silo about writes that reached the database, including other silos' writes, so that a cached activation
/// or an event stream can catch up. Advisory: a change can be missed while the feed reconnects or when a slow
/// subscriber falls too far behind, so readers still check the stored ETag before trusting a cache.
/// </summary>
public interface IThreadChangeFeed
{
    /// <summary>Subscribes; every change committed after the returned task completes is delivered, until the subscription is disposed.</summary>
    Task<ThreadChangeSubscription> SubscribeAsync(CancellationToken cancellationToken);
}
