namespace Threads.Grains;

/// <summary>
/// Values that flow with a call to a grain without being part of its arguments, as Orleans' RequestContext does:
/// the lock token that writes to a locked thread must carry, and the user a user-scoped caller acts for. Set them
/// around the calls; they flow across awaits, in process and through the HTTP client (as the <c>Lock-Token</c> header).
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<long?> _lockToken = new();
    private static readonly AsyncLocal<string?> _actingUserId = new();

    /// <summary>
    /// The user the caller is scoped to, if any: grains then show and touch only that user's threads (any other answers
    /// not found, as if absent), and new threads belong to that user. The silo sets it from a user-scoped API key.
    /// </summary>
    public static string? ActingUserId => _actingUserId.Value;

    /// <summary>Scopes the calls made until the returned scope is disposed to one user's threads.</summary>
    public static IDisposable ActAsUser(string? userId)
    {
        var previous = _actingUserId.Value;
        _actingUserId.Value = userId;
        return new UserScope(previous);
    }

    /// <summary>The lock token the current call carries, if any.</summary>
    public static long? LockToken => _lockToken.Value;

    /// <summary>Makes the calls made until the returned scope is disposed carry <paramref name="token"/>.</summary>
    public static IDisposable WithLockToken(long? token)
    {
        var previous = _lockToken.Value;
        _lockToken.Value = token;
        return new Scope(previous);
    }

    private sealed class Scope(long? previous) : IDisposable
    {
        public void Dispose() => _lockToken.Value = previous;
    }

    private sealed class UserScope(string? previous) : IDisposable
    {
        public void Dispose() => _actingUserId.Value = previous;
    }
}
