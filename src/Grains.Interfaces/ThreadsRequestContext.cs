namespace Threads.Grains;

/// <summary>
/// The values that travel with a call to a grain without being among its arguments, kept in Orleans'
/// <see cref="RequestContext"/>: the lock token that writes to a locked thread must carry, and the user a user-scoped
/// caller acts for. Set them around the calls; they flow across awaits, to grains on any silo, from cluster clients,
/// and through the HTTP client (as the <c>Lock-Token</c> header). This is the one place that names their keys.
/// </summary>
public static class ThreadsRequestContext
{
    private const string UserKey = "threads.user";
    private const string LockTokenKey = "threads.lock";

    /// <summary>
    /// The user the caller is scoped to, if any: grains then show and touch only that user's threads (any other answers
    /// not found, as if absent), and new threads belong to that user. The silo sets it from a user-scoped API key.
    /// </summary>
    public static string? ActingUserId => RequestContext.Get(UserKey) as string;

    /// <summary>The lock token the current call carries, if any.</summary>
    public static long? LockToken => RequestContext.Get(LockTokenKey) is long token ? token : null;

    /// <summary>Scopes the calls made until the returned scope is disposed to one user's threads.</summary>
    public static IDisposable ActAsUser(string? userId) => Push(UserKey, userId);

    /// <summary>Makes the calls made until the returned scope is disposed carry <paramref name="token"/>.</summary>
    public static IDisposable WithLockToken(long? token) => Push(LockTokenKey, token);

    private static Scope Push(string key, object? value)
    {
        var previous = RequestContext.Get(key);
        Set(key, value);
        return new Scope(key, previous);
    }

    private static void Set(string key, object? value)
    {
        if (value is null)
        {
            RequestContext.Remove(key);
        }
        else
        {
            RequestContext.Set(key, value);
        }
    }

    private sealed class Scope(string key, object? previous) : IDisposable
    {
        public void Dispose() => Set(key, previous);
    }
}
