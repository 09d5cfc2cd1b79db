namespace Threads.Grains;

/// <summary>
/// Values that flow with a call to a grain without being part of its arguments, as Orleans' RequestContext does:
/// today the lock token that writes to a locked thread must carry. Set it around the calls with <see cref="WithLockToken"/>;
/// it flows across awaits, in process and through the HTTP client (as the <c>Lock-Token</c> header).
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<long?> _lockToken = new();

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
}
