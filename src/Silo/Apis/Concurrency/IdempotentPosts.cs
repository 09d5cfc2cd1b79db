using Threads.Grains;
using Threads.Grains.Idempotency;

namespace Threads.Silo.Apis.Concurrency;

/// <summary>
/// <c>Idempotency-Key</c> on the POSTs that are not appends (an append keeps its key in the same transaction as its
/// messages, inside the grain): the keyed request goes to the <see cref="IIdempotencyGrain"/> of its key, which runs it
/// once in the cluster and replays the first answer to every retry; a request without a key runs as it is.
/// </summary>
internal static class IdempotentPosts
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>The longest key.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>A key's characters, visible ASCII (<c>!</c> to <c>~</c>), as a JSON Schema pattern.</summary>
    public const string KeyPattern = "^[!-~]+$";

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

    /// <summary>Marks the answer as a replay of the first one to the same request (<c>Idempotent-Replayed: true</c>).</summary>
    public static void MarkReplayed(HttpResponse response) => response.Headers[ReplayedHeaderName] = "true";

    /// <summary>
    /// Runs <paramref name="call"/> once per key and request; a retry gets the first answer back. The request's
    /// identity is its method, path and exact body bytes.
    /// </summary>
    public static async Task<IdempotentAnswer<T>> RunAsync<T>(
        HttpRequest request, IGrainFactory grains, ReadOnlyMemory<byte> body, IdempotentCall<T> call, CancellationToken cancellationToken)
    {
        if (ReadKey(request) is not { } key)
        {
            return await call.InvokeAsync(grains, cancellationToken).ConfigureAwait(false);
        }

        var hash = IdempotencyRecords.Hash($"{request.Method} {request.Path}\n", body.Span);
        var grain = grains.GetGrain<IIdempotencyGrain>(GrainKeys.OfIdempotencyKey(call.Namespace, IdempotencyRecords.Scoped(key, ThreadsRequestContext.ActingUserId)));
        var answer = await grain.RunAsync(hash, call, cancellationToken).ConfigureAwait(false);
        if (answer.Replayed)
        {
            MarkReplayed(request.HttpContext.Response);
        }

        return answer;
    }
}
