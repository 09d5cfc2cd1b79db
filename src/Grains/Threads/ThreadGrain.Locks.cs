using Threads.Grains.Serialization;
using Threads.Grains.Storage;

namespace Threads.Grains.Threads;

public sealed partial class ThreadGrain
{
    /// <inheritdoc/>
    public async Task<LockInfo> AcquireLockAsync(AcquireLockRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Holder) || request.Holder.Length > 128)
        {
            throw InvalidArgumentException.ForField("holder", "must be 1 to 128 characters");
        }

        ValidateTtl(request.TtlSeconds, "ttlSeconds");
        return await WriteAsync(request, static (grain, request, cancellationToken) => grain.TryAcquireLockAsync(request, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at taking or renewing the lock, conditional on the ETag of the header that showed it free or held by the same holder.</summary>
    private async Task<WriteAttempt<LockInfo>> TryAcquireLockAsync(AcquireLockRequest request, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(request.Holder, static (grain, current, holder) =>
        {
            if (IsLocked(current, grain.Now()) && current.LockHolder != holder)
            {
                throw new LockedException(
                    $"Thread '{grain.ThreadId}' is locked by '{current.LockHolder}' until {UtcTimestampJsonConverter.Format(current.LockExpiresAt!.Value)}.",
                    current.LockHolder,
                    current.LockExpiresAt);
            }
        }, cancellationToken);
        var now = Now();
        var held = IsLocked(current, now);

        // Renewing keeps the token; every new acquisition gets the next one, so an older holder's writes are fenced off.
        var token = held ? current.LockToken : current.LockToken + 1;
        var updated = current with
        {
            ETag = current.ETag + 1,
            LockHolder = request.Holder,
            LockExpiresAt = now.AddSeconds(request.TtlSeconds),
            LockToken = token,
        };
        if (await _store.UpdateThreadAsync(updated, current.ETag, cancellationToken))
        {
            _thread = updated;
            // The event says who holds it and until when; the token is the holder's alone, as GET …/lock keeps it.
            Publish(ThreadEventTypes.LockAcquired, updated.Thread, Data(new LockStatus(request.Holder, updated.LockExpiresAt!.Value), ThreadsJsonContext.Default.LockStatus));
            return new LockInfo(request.Holder, token, updated.LockExpiresAt.Value);
        }

        return WriteAttempt<LockInfo>.Lost;
    }

    /// <inheritdoc/>
    public async Task<LockStatus> GetLockAsync(CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken);
        return IsLocked(current, Now())
            ? new LockStatus(current.LockHolder!, current.LockExpiresAt!.Value)
            : throw new NotFoundException($"Thread '{ThreadId}' is not locked.");
    }

    /// <inheritdoc/>
    public async Task ReleaseLockAsync(long token, CancellationToken cancellationToken = default)
    {
        await WriteAsync(token, static (grain, token, cancellationToken) => grain.TryReleaseLockAsync(token, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at releasing the lock that <paramref name="token"/> holds, conditional on the header's ETag.</summary>
    private async Task<WriteAttempt<bool>> TryReleaseLockAsync(long token, CancellationToken cancellationToken)
    {
        // Judged again on the stored header when the cached one disagrees: a second activation's cache that shows
        // the lock free, or held with another token, must not turn a release into a no-op or a refusal.
        var current = await CurrentAsync(cancellationToken);
        if (current.LockHolder is null || token != current.LockToken)
        {
            current = await LoadAsync(newest: 0, cancellationToken);
        }

        if (current.LockHolder is null)
        {
            return true;
        }

        if (token != current.LockToken)
        {
            throw new LockedException($"Lock token {token} is not the current lock of thread '{ThreadId}'.", current.LockHolder, current.LockExpiresAt);
        }

        var updated = current with { ETag = current.ETag + 1, LockHolder = null, LockExpiresAt = null };
        if (await _store.UpdateThreadAsync(updated, current.ETag, cancellationToken))
        {
            _thread = updated;
            Publish(ThreadEventTypes.LockReleased, updated.Thread, Data(new LockStatus(current.LockHolder, Now()), ThreadsJsonContext.Default.LockStatus));
            return true;
        }

        return WriteAttempt<bool>.Lost;
    }

    /// <summary>
    /// Refuses a write that does not carry the current lock's token while the thread is locked, and any write that
    /// carries an older token than the last one issued (a fenced-off holder). The write that follows is conditional on
    /// the ETag this check read, so a lock that moves before the commit makes the write fail and be checked again.
    /// </summary>
    private void EnsureWritable(StoredThread current)
    {
        var token = ThreadsRequestContext.LockToken;
        if (IsLocked(current, Now()))
        {
            if (token != current.LockToken)
            {
                throw new LockedException(
                    token is null
                        ? $"Thread '{ThreadId}' is locked by '{current.LockHolder}'; send its Lock-Token."
                        : $"Lock token {token} is not the current lock of thread '{ThreadId}'.",
                    current.LockHolder,
                    current.LockExpiresAt);
            }
        }
        else if (token is { } given && given != current.LockToken)
        {
            throw new LockedException($"Lock token {given} is stale: the thread's lock has moved on to token {current.LockToken}.");
        }
    }

    private static bool IsLocked(StoredThread thread, DateTimeOffset now) =>
        thread.LockHolder is not null && thread.LockExpiresAt > now;

    private void ValidateTtl(int seconds, string path)
    {
        if (seconds < 1 || seconds > _validate.Limits.MaxLeaseSeconds)
        {
            throw InvalidArgumentException.ForField(path, $"must be between 1 and {_validate.Limits.MaxLeaseSeconds} (Threads:Limits:MaxLeaseSeconds)");
        }
    }
}
