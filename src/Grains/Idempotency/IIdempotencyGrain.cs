namespace Threads.Grains.Idempotency;

/// <summary>
/// One idempotency key of one namespace (keyed by <see cref="GrainKeys.OfIdempotencyKey"/>): runs a keyed request once in
/// the cluster and answers every retry with the first result.
/// </summary>
[Alias("threads.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// The first answer to the request whose hash is <paramref name="requestHash"/>, replayed; or, when the key holds
    /// no live record, the answer of <paramref name="call"/>, run now and recorded. Only successes are recorded.
    /// </summary>
    /// <exception cref="ConflictException">The key was used with another request within the window.</exception>
    [Alias("Run")]
    Task<IdempotentAnswer<T>> RunAsync<T>(string requestHash, IdempotentCall<T> call, CancellationToken cancellationToken = default);
}
