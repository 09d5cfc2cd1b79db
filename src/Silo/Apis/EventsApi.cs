using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;
using Threads.Grains;
using Threads.Grains.Events;
using Threads.Silo.Apis.Events;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis;

/// <summary>
/// The Events section of API.md: Server-Sent Event streams of one thread, or of a namespace (optionally one resource),
/// fed by this silo's <see cref="ThreadEventBus"/>. A stream resumes after <c>Last-Event-ID</c> from the bus's window of
/// recent events; it ends when the client goes away, when the silo shuts down, and after a thread stream's
/// <c>thread_deleted</c>.
/// </summary>
internal static class EventsApi
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder v1)
    {
        var events = v1.MapGroup(string.Empty).WithTags(ApiTags.Events);
        events.MapGet("/threads/{id}/events", ThreadAsync).Produces<ThreadEvent>(StatusCodes.Status200OK, ServerSentEvents.MediaType)
            .WithName("streamThreadEvents").WithSummary("Stream a thread's events (Server-Sent Events; each data line is one event).")
            .WithParameters(ApiParameters.LastEventIdQuery, ApiParameters.LastEventId).ProducesProblems(404);
        events.MapGet("/events", NamespaceAsync).Produces<ThreadEvent>(StatusCodes.Status200OK, ServerSentEvents.MediaType)
            .WithName("streamEvents").WithSummary("Stream the events of a namespace's threads, or of one resource's (Server-Sent Events).")
            .WithParameters(ApiParameters.ResourceIdFilter, ApiParameters.LastEventIdQuery, ApiParameters.LastEventId);
        return v1;
    }

    public static async Task ThreadAsync(string ns, string id, HttpContext context, IGrainFactory grains, EventStreamServices services)
    {
        var thread = grains.GetThread(ns, id);

        // Events published from now on are in the window; the stream starts from here, so none is lost between this
        // check that the thread exists and the subscription.
        var since = ServerSentEvents.LastEventId(context.Request) ?? services.Bus.LastEventId;
        await thread.GetAsync(cancellationToken: context.RequestAborted);
        await StreamAsync(context, new ThreadEventFilter(ns, ThreadId: id, UserId: ThreadsRequestContext.ActingUserId), since, services);
    }

    public static async Task NamespaceAsync(string ns, HttpContext context, EventStreamServices services)
    {
        Identifiers.RequireNamespace(ns);
        var resourceId = QueryValues.Id(context.Request.Query, ApiParameters.ResourceIdFilter.Name);
        var since = ServerSentEvents.LastEventId(context.Request) ?? services.Bus.LastEventId;
        await StreamAsync(context, new ThreadEventFilter(ns, ResourceId: resourceId, UserId: ThreadsRequestContext.ActingUserId), since, services);
    }

    private static async Task StreamAsync(HttpContext context, ThreadEventFilter filter, long since, EventStreamServices services)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, services.Lifetime.ApplicationStopping);
        var response = context.Response;
        response.ContentType = ServerSentEvents.MediaType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            var items = ItemsAsync(response.Body, filter, since, services, stop.Token);
            await SseFormatter.WriteAsync(items, response.Body, ServerSentEvents.WriteData, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the silo is stopping: the stream simply ends.
        }
    }

    /// <summary>
    /// The stream's events, after an opening comment; while none comes for the heartbeat interval, a heartbeat comment goes
    /// straight to <paramref name="body"/>. The formatter has written and flushed the previous event before it asks for the next, so the
    /// two never interleave.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<ThreadEvent>> ItemsAsync(
        Stream body, ThreadEventFilter filter, long since, EventStreamServices services, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var interval = services.Options.Value.EventHeartbeatInterval;
        var heartbeat = Task.Delay(interval, services.Time, stop.Token);
        var events = services.Bus.SubscribeAsync(filter, since, stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            // The opening line is written once subscribed, and after the first heartbeat's timer started: a client that saw
            // it sees every later event, and can count on that heartbeat.
            await ServerSentEvents.WriteCommentAsync(body, "stream open", stop.Token);
            while (!stop.IsCancellationRequested)
            {
                if (await Task.WhenAny(next, heartbeat) == heartbeat)
                {
                    if (stop.IsCancellationRequested)
                    {
                        break;
                    }

                    await ServerSentEvents.WriteCommentAsync(body, "heartbeat", stop.Token);
                    heartbeat = Task.Delay(interval, services.Time, stop.Token);
                    continue;
                }

                if (!await next)
                {
                    // The bus dropped a subscriber that fell too far behind: end, and let it resume with Last-Event-ID.
                    break;
                }

                var threadEvent = events.Current;
                yield return ServerSentEvents.Item(threadEvent);
                if (filter.ThreadId is not null && threadEvent.Type == ThreadEventTypes.ThreadDeleted)
                {
                    break;
                }

                next = events.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNextAsync is in flight: cancel it and let it finish first.
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
                // Expected: that is the cancellation just asked for.
            }

            try
            {
                await heartbeat;
            }
            catch (OperationCanceledException)
            {
                // The same.
            }

            await events.DisposeAsync();
        }
    }
}
