using System.Diagnostics;

namespace Threads.Silo.Hosting.Internal;

/// <summary>
/// One log line per request, once it is answered: method, path, status, time taken and the trace id that ties it to
/// the caller's traces and to any failure logged for it. Never the query string or the body, which carry what users
/// wrote (a search's words); health probes, which a load balancer sends every second, only at Debug.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, TimeProvider time, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var probe = context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase);
        if (!logger.IsEnabled(probe ? LogLevel.Debug : LogLevel.Information))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            var traceId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            if (probe)
            {
                LogProbe(context.Request.Method, context.Request.Path, status, elapsed, traceId);
            }
            else
            {
                LogRequest(context.Request.Method, context.Request.Path, status, elapsed, traceId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs:0.0} ms trace {TraceId}")]
    private partial void LogRequest(string method, string path, int status, double elapsedMs, string traceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} {Status} {ElapsedMs:0.0} ms trace {TraceId}")]
    private partial void LogProbe(string method, string path, int status, double elapsedMs, string traceId);
}
