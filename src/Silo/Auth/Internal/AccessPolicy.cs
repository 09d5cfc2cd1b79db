using Threads.Silo.Hosting;

namespace Threads.Silo.Auth.Internal;

/// <summary>
/// What a request needs, read from its method and path alone so that it holds for every route under <c>/v1</c>, those
/// added later included: GET and HEAD read; PUT/DELETE under <c>/schemas</c>, <c>POST /cleanup</c> and
/// <c>POST /threads/import</c> are namespace-wide and need <see cref="ApiKeyRole.Admin"/>, as do the list of
/// namespaces (<c>GET /v1/namespaces</c>) and every request to Orleans' dashboard; anything else writes.
/// Literal segments compare ignoring case, as routing matches them.
/// </summary>
internal static class AccessPolicy
{
    public static bool IsApi(PathString path) => path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase);

    /// <summary>Orleans' dashboard: the whole cluster's activity, so only for an admin key for every namespace.</summary>
    public static bool IsDashboard(PathString path) => path.StartsWithSegments(ThreadsDashboardOptions.Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>The paths that need a key when keys are configured: the API and the dashboard.</summary>
    public static bool NeedsKey(PathString path) => IsApi(path) || IsDashboard(path);

    public static ApiKeyRole RequiredRole(string method, PathString path)
    {
        // The list of namespaces spans tenants, and the dashboard shows the whole cluster: for admin keys only (the
        // middleware also wants one for every namespace).
        if (IsDashboard(path) || path.Equals("/v1/namespaces", StringComparison.OrdinalIgnoreCase) || path.Equals("/v1/namespaces/", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKeyRole.Admin;
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return ApiKeyRole.Read;
        }

        // Empty segments dropped: a doubled slash then reads as the route it might reach, never as a lesser one.
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = segments.Length > 3 && Is(segments[0], "v1") && Is(segments[1], "namespaces") ? segments[3..] : [];
        var admin = rest switch
        {
            [var first, ..] when Is(first, "schemas") => true,
            [var only] when Is(only, "cleanup") => true,
            [var first, var second] when Is(first, "threads") && Is(second, "import") => true,
            _ => false,
        };
        return admin ? ApiKeyRole.Admin : ApiKeyRole.Write;
    }

    /// <summary>The namespace a request is about: the routed <c>{ns}</c>, else the path's third segment; null when there is none.</summary>
    public static string? Namespace(HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue("ns", out var routed) && routed is string ns)
        {
            return ns;
        }

        var segments = (context.Request.Path.Value ?? string.Empty).Split('/');
        return segments.Length > 3 && Is(segments[1], "v1") && Is(segments[2], "namespaces") && segments[3].Length > 0 ? segments[3] : null;
    }

    private static bool Is(string segment, string literal) => string.Equals(segment, literal, StringComparison.OrdinalIgnoreCase);
}
