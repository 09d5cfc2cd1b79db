using Threads.Grains;

namespace Threads.Silo.Hosting.Internal;

/// <summary>Answers the API with 503 <c>unavailable</c> while the silo has not finished starting: its grains cannot be called yet.</summary>
internal sealed class SiloStartingMiddleware(RequestDelegate next, SiloActivity silo)
{
    public Task InvokeAsync(HttpContext context) =>
        silo.IsActive || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal)
            ? next(context)
            : throw new ThreadsException(ErrorCodes.Unavailable, "The silo is starting (waiting for its storage or joining its cluster); retry shortly.");
}
