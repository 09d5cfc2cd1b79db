using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Grains.Threads;

namespace Threads.Silo.Apis.Internal;

/// <summary>
/// <c>Idempotency-Key</c> for the POSTs that are not appends (an append keeps its key in the same transaction as its
/// messages, inside the grain). The first result is recorded after the operation; a retry with the same key and request
/// replays it, another request with the key is a conflict. Requests with one key are serialized in this process; two
/// silos racing on one key both run, and the store keeps the first record.
/// </summary>
internal sealed class IdempotencyGate(IThreadStore store, TimeProvider time, IOptions<ThreadLimitsOptions> limits)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>The longest key.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>A key's characters, visible ASCII (<c>!</c> to <c>~</c>), as a JSON Schema pattern.</summary>
    public const string KeyPattern = "^[!-~]+$";

    private const int Stripes = 64;
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, Stripes).Select(static _ => new SemaphoreSlim(1, 1))];

    /// <summary>The request's key, or null; a malformed key is a 400.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (key is not { Length: >= 1 and <= MaxKeyLength } || key.Any(static c => c is < '!' or > '~'))
        {
            throw InvalidArgumentException.ForField(HeaderName, "must be 1 to 128 visible ASCII characters");
        }

        return key;
    }

    /// <summary>Runs <paramref name="operation"/> once per key and request; a retry gets the first result back.</summary>
    public async Task<IdempotentResult<T>> RunAsync<T>(
        HttpRequest request,
        string ns,
        ReadOnlyMemory<byte> body,
        JsonTypeInfo<T> typeInfo,
        Func<CancellationToken, Task<IdempotentResult<T>>> operation,
        CancellationToken cancellationToken)
    {
        var key = ReadKey(request);
        if (key is null)
        {
            return await operation(cancellationToken).ConfigureAwait(false);
        }

        var hash = Hash(request, body.Span);

        // A user-scoped caller's keys are its own: another user sending the same key must not get this one's result.
        // User ids and keys hold no space, so a scoped key never equals an unscoped one.
        var stored = ThreadsRequestContext.ActingUserId is { } user ? $"{user} {key}" : key;
        var gate = _locks[(int)((uint)HashCode.Combine(ns, stored) % Stripes)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await store.GetIdempotencyAsync(ns, stored, cancellationToken).ConfigureAwait(false);
            if (record is not null && record.CreatedAt < time.GetUtcNow() - limits.Value.IdempotencyWindow)
            {
                // Expired: the key is free again, and this request's result is kept in its place.
                await store.DeleteIdempotencyAsync(ns, stored, record.CreatedAt, cancellationToken).ConfigureAwait(false);
                record = null;
            }

            if (record is not null)
            {
                if (record.RequestHash != hash)
                {
                    throw new ConflictException($"Idempotency key '{key}' was used with a different request.");
                }

                var replayed = JsonSerializer.Deserialize(record.Response, typeInfo)!;
                request.HttpContext.Response.Headers[ReplayedHeaderName] = "true";
                return new IdempotentResult<T>(record.StatusCode, replayed, record.ThreadId);
            }

            var result = await operation(cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.Serialize(result.Value, typeInfo);
            await store.TryPutIdempotencyAsync(
                new IdempotencyRecord(ns, stored, hash, result.ThreadId, result.StatusCode, json, time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    private static string Hash(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
