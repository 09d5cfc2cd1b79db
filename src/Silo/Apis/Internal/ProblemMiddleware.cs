using Threads.Grains.Storage;

namespace Threads.Silo.Apis.Internal;

/// <summary>Answers every failure as problem+json; a failure that is not the caller's is logged, since a 500 is always a bug.</summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, IThreadStore store, ILogger<ProblemMiddleware> logger)
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
            // A store failure that reached here without a grain (the idempotency records of the HTTP layer) is mapped as
            // the grains' filter maps theirs.
            var problem = Problems.From(StorageFaults.ToException(StorageFaults.Classify(store, exception)) ?? exception);
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
