using Threads.Silo.Auth.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the silo's access control to the request pipeline.</summary>
internal static class ThreadsAccessApplicationBuilderExtensions
{
    /// <summary>
    /// In order: the caller's key is looked up, the rate limiter counts the call against it (or against the client's
    /// address), the key's namespace and role are checked and the rest runs as its user. Goes after the exception
    /// handler (which answers the 403s) and before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseThreadsAccess(this IApplicationBuilder app)
    {
        app.UseMiddleware<ApiCallerMiddleware>();
        app.UseRateLimiter();
        app.UseMiddleware<AccessMiddleware>();
        return app;
    }
}
