using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Threads.Grains.Storage;
using Threads.Grains.Threads;

namespace Threads.Grains.Idempotency;

/// <summary>
/// The one reading of idempotency records, for appends (whose record is written in the append's own transaction) and for
/// the other keyed POSTs (<see cref="IdempotencyGrain"/>): the request hash, the window after which a key is free again,
/// the conflict on a reused key, and the retention pass's deletion of expired records. One per silo.
/// </summary>
public sealed class IdempotencyRecords(IThreadStore store, TimeProvider time, IOptions<ThreadLimitsOptions> limits)
{
    private const int PurgeBatchSize = 1000;

    /// <summary>
    /// The hash that identifies a request: SHA-256 of <paramref name="scope"/> (the operation and its target) then
    /// <paramref name="body"/>, in lower-case hex. Records already stored keep matching, so neither part may change form.
    /// </summary>
    public static string Hash(string scope, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(scope);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(scope));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// The key a record is kept under: a user-scoped caller's keys are its own, so another user sending the same key
    /// does not get this one's result. User ids and keys hold no space, so a scoped key never equals an unscoped one.
    /// </summary>
    public static string Scoped(string key, string? userId) => userId is null ? key : $"{userId} {key}";

    /// <summary>
    /// The live record for <paramref name="key"/> if it was kept for the same request, or null when there is none or it
    /// expired (then it is deleted, so that this request's own record can take its place).
    /// </summary>
    /// <exception cref="ConflictException">The key was used with another request.</exception>
    public async Task<IdempotencyRecord?> FindAsync(string ns, string key, string requestHash, CancellationToken cancellationToken)
    {
        var record = await store.GetIdempotencyAsync(ns, key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        if (record.CreatedAt < time.GetUtcNow() - limits.Value.IdempotencyWindow)
        {
            await store.DeleteIdempotencyAsync(ns, key, record.CreatedAt, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (record.RequestHash != requestHash)
        {
            // The caller's own key, not its user-scoped form.
            throw new ConflictException($"Idempotency key '{key[(key.LastIndexOf(' ') + 1)..]}' was used with a different request.");
        }

        return record;
    }

    /// <summary>The record of a request that answered <paramref name="statusCode"/> with <paramref name="response"/>, created now.</summary>
    public IdempotencyRecord Create(string ns, string key, string requestHash, string? threadId, int statusCode, string response) =>
        new(ns, key, requestHash, threadId, statusCode, response, time.GetUtcNow());

    /// <summary>Keeps a record; false (nothing written) if the key has one already.</summary>
    public Task<bool> TryKeepAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
        store.TryPutIdempotencyAsync(record, cancellationToken);

    /// <summary>
    /// Deletes the records older than the idempotency window, in every namespace, a bounded batch at a time so that no
    /// one transaction grows large; returns how many.
    /// </summary>
    public async Task<long> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var createdBefore = time.GetUtcNow() - limits.Value.IdempotencyWindow;
        long purged = 0;
        int batch;
        do
        {
            batch = await store.PurgeIdempotencyAsync(createdBefore, PurgeBatchSize, cancellationToken).ConfigureAwait(false);
            purged += batch;
        }
        while (batch == PurgeBatchSize);

        return purged;
    }
}
