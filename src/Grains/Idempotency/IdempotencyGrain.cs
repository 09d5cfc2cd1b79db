namespace Threads.Grains.Idempotency;

/// <summary>
/// One idempotency key of one namespace. Orleans keeps one activation per key in the cluster and runs its turns one at
/// a time, so requests racing with one key on any silo wait for the first and get its answer; the record is kept in the
/// store, so a retry after a restart, or on an activation made since, still gets it. The grain keeps nothing in memory:
/// deleting a thread deletes its records, and the next retry then runs anew, as it did before the grain existed.
/// </summary>
// Idle keys are common (one per keyed request) and hold nothing worth keeping: they go sooner than the default 15 minutes.
[CollectionAgeLimit(Minutes = 2)]
public sealed class IdempotencyGrain(IGrainFactory grains, IdempotencyRecords records) : Grain, IIdempotencyGrain
{
    /// <inheritdoc/>
    public async Task<IdempotentAnswer<T>> RunAsync<T>(string requestHash, IdempotentCall<T> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (ns, key) = GrainKeys.Parse(this.GetPrimaryKeyString());
        if (await records.FindAsync(ns, key, requestHash, cancellationToken) is { } record)
        {
            return new IdempotentAnswer<T>(record.StatusCode, call.Read(record.Response), record.ThreadId, Replayed: true);
        }

        var answer = await call.InvokeAsync(grains, cancellationToken);

        // False only when an append recorded the same key meanwhile (appends keep theirs in their own transaction):
        // the first record stays, and this answer is still the caller's.
        await records.TryKeepAsync(records.Create(ns, key, requestHash, answer.ThreadId, answer.StatusCode, call.Write(answer.Value)), cancellationToken);
        return answer;
    }
}
