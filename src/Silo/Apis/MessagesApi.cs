using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Idempotency;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis;

/// <summary>The Messages section of API.md: append, read pages of the log, trim.</summary>
internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder v1)
    {
        var messages = v1.MapGroup(string.Empty).WithTags(ApiTags.Messages);
        messages.MapPost("/threads/{id}/messages", AppendAsync).WithJsonBody<AppendMessagesRequest>()
            .WithName("appendMessages").WithSummary("Append messages to a thread, all or none.")
            .WithParameters(ApiParameters.IdempotencyKey).ProducesProblems(404, 409, 412, 413, 423, 507)
            .WithResponseHeaders(StatusCodes.Status201Created, ResponseHeadersOperationTransformer.Location, IdempotentPosts.ReplayedHeaderName);
        messages.MapGet("/threads/{id}/messages", ListAsync)
            .WithName("listMessages").WithSummary("Read a page of a thread's messages.")
            .WithDescription("With `cursor`, only `limit` is read from the query: the cursor carries the first request's order, bounds and filter.")
            .WithParameters(ApiParameters.Limit, ApiParameters.Order, ApiParameters.After, ApiParameters.Before, ApiParameters.RunIdFilter, ApiParameters.Cursor)
            .ProducesProblems(404);
        messages.MapPost("/threads/{id}/trim", TrimAsync).WithJsonBody<TrimRequest>()
            .WithName("trimMessages").WithSummary("Drop a thread's older messages, keeping the last ones.")
            .WithParameters(ApiParameters.IdempotencyKey).ProducesProblems(404, 409, 423, 507).WithResponseHeaders(StatusCodes.Status200OK, IdempotentPosts.ReplayedHeaderName);
        return v1;
    }

    public static async Task<Created<AppendMessagesResult>> AppendAsync(
        string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var key = IdempotentPosts.ReadKey(request);
        var append = await JsonBody.ReadAsync(request, ThreadsJsonContext.Default.AppendMessagesRequest, cancellationToken);
        var result = await thread.AppendAsync(append, key, cancellationToken);
        if (result.Replayed)
        {
            IdempotentPosts.MarkReplayed(request.HttpContext.Response);
        }

        return TypedResults.Created($"/v1/namespaces/{ns}/threads/{Uri.EscapeDataString(id)}/messages", result);
    }

    public static async Task<Ok<MessagePage>> ListAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var page = new MessageQuery
        {
            Limit = QueryValues.Int(query, ApiParameters.Limit.Name) ?? ApiParameters.DefaultPageSize,
            Order = QueryValues.Order(query, ApiParameters.Order.Name),
            After = QueryValues.Long(query, ApiParameters.After.Name),
            Before = QueryValues.Long(query, ApiParameters.Before.Name),
            RunId = QueryValues.Id(query, ApiParameters.RunIdFilter.Name),
            Cursor = QueryValues.String(query, ApiParameters.Cursor.Name),
        };
        return TypedResults.Ok(await grains.GetThread(ns, id).GetMessagesAsync(page, cancellationToken));
    }

    public static async Task<Ok<TrimResult>> TrimAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        GrainKeys.Of(ns, id);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var trim = JsonBody.Parse(raw, ThreadsJsonContext.Default.TrimRequest);
        var result = await IdempotentPosts.RunAsync(request, grains, raw, new TrimThreadCall { Namespace = ns, ThreadId = id, Request = trim }, cancellationToken);
        return TypedResults.Ok(result.Value);
    }
}
