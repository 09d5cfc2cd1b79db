using Microsoft.Net.Http.Headers;
using Threads.Silo.Ui.Internal;

namespace Threads.Silo.Auth.Internal;

/// <summary>
/// Finds the key of a <c>/v1</c> or dashboard request (<c>Authorization: Bearer &lt;key&gt;</c>), or of a thread browser
/// page (the key of its session, <see cref="BrowserSession"/>), and remembers its caller, without turning anyone away
/// yet: the rate limiter that runs next partitions by caller, so that guessing keys is limited too.
/// </summary>
internal sealed class ApiCallerMiddleware(RequestDelegate next, ApiKeyRing keys)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        if (keys.IsEnabled && Presented(context.Request) is { } presented && keys.Find(presented) is { } caller)
        {
            context.Items[ApiCaller.ItemKey] = caller;
        }

        return next(context);
    }

    private static string? Presented(HttpRequest request) =>
        AccessPolicy.NeedsKey(request.Path) ? Bearer(request) : BrowserPaths.IsBrowser(request.Path) ? BrowserSession.Key(request) : null;

    private static string? Bearer(HttpRequest request)
    {
        var values = request.Headers[HeaderNames.Authorization];
        if (values.Count != 1 || values[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = value.AsSpan(Scheme.Length).Trim();
        return key.IsEmpty ? null : key.ToString();
    }
}
