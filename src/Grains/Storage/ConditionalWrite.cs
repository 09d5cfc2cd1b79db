namespace Threads.Grains.Storage;

/// <summary>
/// Optimistic writes: an attempt reads what it writes on and writes only if the row is still at the version (ETag) it
/// read. An attempt that lost that race to another writer is made again, on what the store holds now, a bounded number
/// of times; past that the caller is asked to retry, in the same words for every grain.
/// </summary>
internal static class ConditionalWrite
{
    /// <summary>How many attempts a write gets before the caller is asked to retry it.</summary>
    public const int MaxAttempts = 16;

    /// <summary>
    /// Makes <paramref name="attempt"/> until one commits, and answers its result; after each lost attempt,
    /// <paramref name="afterLost"/> (when given) reads again what the next one decides on, so nothing stale is kept. <paramref name="subject"/>
    /// names what kept changing ("The thread", "Schema 'x'").
    /// </summary>
    public static async Task<TResult> UntilCommittedAsync<TOwner, TArg, TResult>(
        TOwner owner,
        TArg arg,
        Func<TOwner, TArg, CancellationToken, Task<WriteAttempt<TResult>>> attempt,
        Func<TOwner, CancellationToken, Task>? afterLost,
        string subject,
        CancellationToken cancellationToken)
    {
        for (var tried = 1; ; tried++)
        {
            var outcome = await attempt(owner, arg, cancellationToken);
            if (outcome.IsCommitted)
            {
                return outcome.Result;
            }

            if (afterLost is not null)
            {
                await afterLost(owner, cancellationToken);
            }

            if (tried == MaxAttempts)
            {
                throw new ConflictException($"{subject} kept changing under this write; retry it.");
            }
        }
    }
}
