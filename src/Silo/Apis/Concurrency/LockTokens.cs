using System.Globalization;
using Threads.Grains;

namespace Threads.Silo.Apis.Concurrency;

/// <summary>
/// The <c>Lock-Token</c> header: every request under <c>/v1</c> that carries one makes its grain calls with it
/// (<see cref="ThreadsRequestContext.WithLockToken"/>), so writes to a locked thread pass the fence; a malformed one is a 400.
/// </summary>
internal static class LockTokens
{
    public const string HeaderName = "Lock-Token";

    /// <summary>Runs every endpoint of the group inside the scope of the request's lock token.</summary>
    public static RouteGroupBuilder WithLockTokens(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(static async (context, next) =>
        {
            using (ThreadsRequestContext.WithLockToken(Read(context.HttpContext.Request)))
            {
                return await next(context).ConfigureAwait(false);
            }
        });
        return group;
    }

    /// <summary>The request's token, or null when it has none.</summary>
    public static long? Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return null;
        }

        var value = values.Count == 1 ? values[0]?.Trim() : null;
        return value is { Length: > 0 and <= 18 }
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var token) && token > 0
            ? token
            : throw InvalidArgumentException.ForField(HeaderName, "must be one positive integer, the token of the thread's lock");
    }
}
