using Threads.Grains;
using Threads.Silo.Ui.Internal;

namespace Threads.Silo.Hosting.Internal;

/// <summary>Answers the API and the thread browser with 503 <c>unavailable</c> while the silo has not finished starting: its grains cannot be called yet.</summary>
internal sealed class SiloStartingMiddleware(RequestDelegate next, SiloActivity silo)
{
    public Task InvokeAsync(HttpContext context) =>
        silo.IsActive || !(context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) || BrowserPaths.IsBrowser(context.Request.Path))
            ? next(context)
            : throw new ThreadsException(ErrorCodes.Unavailable, "The silo is starting (waiting for its storage or joining its cluster); retry shortly.");
}
