using System.Diagnostics;
using OpenTelemetry;

namespace Threads.Silo.Tests.Telemetry;

/// <summary>
/// Completes when a span of the trace ends that matches: ASP.NET Core ends a request's span after the response is
/// sent, so a test that has its answer waits for this rather than for time to pass.
/// </summary>
internal sealed class SpanEnded(ActivityTraceId traceId, Func<Activity, bool> matches) : BaseProcessor<Activity>
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ended => _ended.Task;

    public override void OnEnd(Activity data)
    {
        if (data.TraceId == traceId && matches(data))
        {
            _ended.TrySetResult();
        }
    }
}
