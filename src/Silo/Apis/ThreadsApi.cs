using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Internal;

namespace Threads.Silo.Apis;

/// <summary>The Threads section of API.md: create, list, read, update, delete and clone threads, and a resource's current thread.</summary>
internal static class ThreadsApi
{
    public static RouteGroupBuilder MapThreads(this RouteGroupBuilder v1)
    {
        v1.MapPost("/threads", CreateAsync).WithJsonBody<CreateThreadBody>();
        v1.MapGet("/threads", ListAsync);
        v1.MapGet("/threads/{id}", GetAsync);
        v1.MapPatch("/threads/{id}", UpdateAsync).WithJsonBody<UpdateThreadRequest>();
        v1.MapDelete("/threads/{id}", DeleteAsync);
        v1.MapPost("/threads/{id}/clone", CloneAsync).WithJsonBody<CloneThreadRequest>();
        v1.MapPost("/resources/{resourceId}/current-thread", CurrentThreadAsync).WithJsonBody<CurrentThreadRequest>();
        return v1;
    }

    public static async Task<Created<ThreadInfo>> CreateAsync(
        string ns, HttpRequest request, IGrainFactory grains, IdempotencyGate idempotency, CancellationToken cancellationToken)
    {
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var body = JsonBody.Parse(raw, SiloJsonContext.Default.CreateThreadBody);
        var create = body.ToRequest();
        var result = await idempotency.RunAsync(
            request,
            ns,
            raw,
            ThreadsJsonContext.Default.ThreadInfo,
            async ct =>
            {
                var thread = await grains.GetThread(ns, body.Id ?? Identifiers.NewThreadId()).CreateAsync(create, ct);
                return new IdempotentResult<ThreadInfo>(StatusCodes.Status201Created, thread, thread.Id);
            },
            cancellationToken);
        return Created(request, result.Value);
    }

    public static async Task<Ok<ThreadPage>> ListAsync(string ns, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var resourceId = QueryValues.Id(query, "resourceId") ?? IResourceIndexGrain.AllResources;
        var list = new ThreadListQuery
        {
            UserId = QueryValues.Id(query, "userId"),
            IncludeHidden = QueryValues.Bool(query, "includeHidden") ?? false,
            Archived = QueryValues.Bool(query, "archived"),
            UpdatedAfter = QueryValues.Time(query, "updatedAfter"),
            UpdatedBefore = QueryValues.Time(query, "updatedBefore"),
            Metadata = QueryValues.Prefixed(query, "metadata."),
            Limit = QueryValues.Int(query, "limit") ?? 20,
            Cursor = QueryValues.String(query, "cursor"),
        };
        return TypedResults.Ok(await grains.GetResourceIndex(ns, resourceId).ListThreadsAsync(list, cancellationToken));
    }

    public static async Task<Ok<ThreadInfo>> GetAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var messages = QueryValues.Int(request.Query, "messages") ?? 0;
        return WithETag(request, await grains.GetThread(ns, id).GetAsync(messages, cancellationToken));
    }

    public static async Task<Ok<ThreadInfo>> UpdateAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var expectedVersion = ETags.ParseIfMatch(request.Headers.IfMatch);
        var patch = ThreadPatch.Parse(JsonBody.ParseElement(await JsonBody.ReadBytesAsync(request, cancellationToken)));
        return WithETag(request, await grains.GetThread(ns, id).UpdateAsync(patch, expectedVersion, cancellationToken));
    }

    public static async Task<NoContent> DeleteAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        await thread.DeleteAsync(QueryValues.Time(request.Query, "ifUpdatedBefore"), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Created<ThreadInfo>> CloneAsync(
        string ns, string id, HttpRequest request, IGrainFactory grains, IdempotencyGate idempotency, CancellationToken cancellationToken)
    {
        var source = grains.GetThread(ns, id);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var clone = JsonBody.Parse(raw, ThreadsJsonContext.Default.CloneThreadRequest);
        var result = await idempotency.RunAsync(
            request,
            ns,
            raw,
            ThreadsJsonContext.Default.ThreadInfo,
            async ct =>
            {
                var thread = await source.CloneAsync(clone, ct);
                return new IdempotentResult<ThreadInfo>(StatusCodes.Status201Created, thread, thread.Id);
            },
            cancellationToken);
        return Created(request, result.Value);
    }

    public static async Task<Results<Ok<ThreadInfo>, Created<ThreadInfo>>> CurrentThreadAsync(
        string ns, string resourceId, HttpRequest request, IGrainFactory grains, IdempotencyGate idempotency, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValidId(resourceId))
        {
            throw InvalidArgumentException.ForField("resourceId", "must match ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
        }

        var index = grains.GetResourceIndex(ns, resourceId);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var current = JsonBody.Parse(raw, ThreadsJsonContext.Default.CurrentThreadRequest);
        var result = await idempotency.RunAsync(
            request,
            ns,
            raw,
            ThreadsJsonContext.Default.ThreadInfo,
            async ct =>
            {
                var found = await index.GetCurrentThreadAsync(current, ct);
                return new IdempotentResult<ThreadInfo>(found.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, found.Thread, found.Thread.Id);
            },
            cancellationToken);
        return result.StatusCode == StatusCodes.Status201Created ? Created(request, result.Value) : WithETag(request, result.Value);
    }

    internal static string LocationOf(ThreadInfo thread) =>
        $"/v1/namespaces/{thread.Namespace}/threads/{Uri.EscapeDataString(thread.Id)}";

    private static Created<ThreadInfo> Created(HttpRequest request, ThreadInfo thread)
    {
        request.HttpContext.Response.Headers.ETag = ETags.Format(thread.Version);
        return TypedResults.Created(LocationOf(thread), thread);
    }

    private static Ok<ThreadInfo> WithETag(HttpRequest request, ThreadInfo thread)
    {
        request.HttpContext.Response.Headers.ETag = ETags.Format(thread.Version);
        return TypedResults.Ok(thread);
    }
}
