using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Grains.Idempotency;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis;

/// <summary>The Threads section of API.md: create, list, read, update, delete and clone threads, and a resource's current thread.</summary>
internal static class ThreadsApi
{
    public static RouteGroupBuilder MapThreads(this RouteGroupBuilder v1)
    {
        var threads = v1.MapGroup(string.Empty).WithTags(ApiTags.Threads);
        threads.MapPost("/threads", CreateAsync).WithJsonBody<CreateThreadBody>(required: false)
            .WithName("createThread").WithSummary("Create a thread, optionally with its first messages and state.")
            .WithParameters(ApiParameters.IdempotencyKey).ProducesProblems(409, 413, 422, 507)
            .WithResponseHeaders(StatusCodes.Status201Created, ResponseHeadersOperationTransformer.Location, ResponseHeadersOperationTransformer.ETag, IdempotentPosts.ReplayedHeaderName);
        threads.MapGet("/threads", ListAsync)
            .WithName("listThreads").WithSummary("List threads, most recently updated first.")
            .WithDescription("Each `metadata.KEY=VALUE` query parameter also keeps only the threads whose metadata has that value.")
            .WithParameters(
                ApiParameters.ResourceIdFilter, ApiParameters.UserIdFilter, ApiParameters.IncludeHidden, ApiParameters.Archived,
                ApiParameters.UpdatedAfter, ApiParameters.UpdatedBefore, ApiParameters.Limit, ApiParameters.Cursor);
        threads.MapGet("/threads/{id}", GetAsync)
            .WithName("getThread").WithSummary("Read a thread, optionally with its last messages.")
            .WithParameters(ApiParameters.LastMessages).ProducesProblems(404).WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag);
        threads.MapPatch("/threads/{id}", UpdateAsync).WithJsonBody<UpdateThreadRequest>()
            .WithName("updateThread").WithSummary("Update a thread's title, metadata, flags or resource.")
            .WithParameters(ApiParameters.IfMatch).ProducesProblems(404, 412, 423, 507).WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag);
        threads.MapDelete("/threads/{id}", DeleteAsync)
            .WithName("deleteThread").WithSummary("Delete a thread with its messages, state, files, lock and runs.")
            .WithParameters(ApiParameters.IfUpdatedBefore).ProducesProblems(404, 412, 423, 507);
        threads.MapPost("/threads/{id}/clone", CloneAsync).WithJsonBody<CloneThreadRequest>(required: false)
            .WithName("cloneThread").WithSummary("Clone a thread into a new one holding a snapshot of it.")
            .WithParameters(ApiParameters.IdempotencyKey).ProducesProblems(404, 409, 423, 507)
            .WithResponseHeaders(StatusCodes.Status201Created, ResponseHeadersOperationTransformer.Location, ResponseHeadersOperationTransformer.ETag, IdempotentPosts.ReplayedHeaderName);
        threads.MapPost("/resources/{resourceId}/current-thread", CurrentThreadAsync).WithJsonBody<CurrentThreadRequest>(required: false)
            .WithName("getCurrentThread").WithSummary("The resource's most recently updated visible thread, or a new one.")
            .WithParameters(ApiParameters.IdempotencyKey).ProducesProblems(409, 507)
            .WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag, IdempotentPosts.ReplayedHeaderName)
            .WithResponseHeaders(StatusCodes.Status201Created, ResponseHeadersOperationTransformer.Location, ResponseHeadersOperationTransformer.ETag, IdempotentPosts.ReplayedHeaderName);
        return v1;
    }

    public static async Task<Created<ThreadInfo>> CreateAsync(string ns, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var body = JsonBody.Parse(raw, ThreadsJsonContext.Default.CreateThreadBody);
        var call = new CreateThreadCall { Namespace = ns, ThreadId = body.Id ?? Identifiers.NewThreadId(), Request = body.ToRequest() };
        var result = await IdempotentPosts.RunAsync(request, grains, raw, call, cancellationToken);
        return Created(request, result.Value);
    }

    public static async Task<Ok<ThreadPage>> ListAsync(string ns, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var resourceId = QueryValues.Id(query, ApiParameters.ResourceIdFilter.Name) ?? IResourceIndexGrain.AllResources;
        var list = new ThreadListQuery
        {
            UserId = QueryValues.Id(query, ApiParameters.UserIdFilter.Name),
            IncludeHidden = QueryValues.Bool(query, ApiParameters.IncludeHidden.Name) ?? false,
            Archived = QueryValues.Bool(query, ApiParameters.Archived.Name),
            UpdatedAfter = QueryValues.Time(query, ApiParameters.UpdatedAfter.Name),
            UpdatedBefore = QueryValues.Time(query, ApiParameters.UpdatedBefore.Name),
            Metadata = QueryValues.Prefixed(query, "metadata."),
            Limit = QueryValues.Int(query, ApiParameters.Limit.Name) ?? ApiParameters.DefaultPageSize,
            Cursor = QueryValues.String(query, ApiParameters.Cursor.Name),
        };
        return TypedResults.Ok(await grains.GetResourceIndex(ns, resourceId).ListThreadsAsync(list, cancellationToken));
    }

    public static async Task<Ok<ThreadInfo>> GetAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var messages = QueryValues.Int(request.Query, ApiParameters.LastMessages.Name) ?? 0;
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
        await thread.DeleteAsync(QueryValues.Time(request.Query, ApiParameters.IfUpdatedBefore.Name), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Created<ThreadInfo>> CloneAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        GrainKeys.Of(ns, id);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var clone = JsonBody.Parse(raw, ThreadsJsonContext.Default.CloneThreadRequest);
        var result = await IdempotentPosts.RunAsync(request, grains, raw, new CloneThreadCall { Namespace = ns, SourceId = id, Request = clone }, cancellationToken);
        return Created(request, result.Value);
    }

    public static async Task<Results<Ok<ThreadInfo>, Created<ThreadInfo>>> CurrentThreadAsync(
        string ns, string resourceId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        Identifiers.RequireId(resourceId, "resourceId");
        GrainKeys.Of(ns, resourceId);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var current = JsonBody.Parse(raw, ThreadsJsonContext.Default.CurrentThreadRequest);
        var call = new CurrentThreadCall { Namespace = ns, ResourceId = resourceId, Request = current };
        var result = await IdempotentPosts.RunAsync(request, grains, raw, call, cancellationToken);
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
