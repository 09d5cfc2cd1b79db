namespace Threads.Silo.Apis.Internal;

/// <summary>Answers every failure as problem+json; a failure that is not the caller's is logged, since a 500 is always a bug.</summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: there is no one to answer.
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            // The HTTP layer reaches the store only through grains, whose filter has already typed a store's failure.
            var problem = Problems.From(exception);
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                LogUnavailable(context.Request.Method, context.Request.Path, problem.Detail);
            }
            else if (problem.Status >= StatusCodes.Status500InternalServerError)
            {
                LogFailed(exception, context.Request.Method, context.Request.Path);
            }

            context.Response.Clear();
            await Problems.WriteAsync(context.Response, problem).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed.")]
    private partial void LogFailed(Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Detail}")]
    private partial void LogUnavailable(string method, string path, string detail);
}
