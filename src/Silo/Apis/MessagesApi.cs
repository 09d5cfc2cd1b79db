using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Internal;

namespace Threads.Silo.Apis;

/// <summary>The Messages section of API.md: append, read pages of the log, trim.</summary>
internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder v1)
    {
        v1.MapPost("/threads/{id}/messages", AppendAsync).WithJsonBody<AppendMessagesRequest>();
        v1.MapGet("/threads/{id}/messages", ListAsync);
        v1.MapPost("/threads/{id}/trim", TrimAsync).WithJsonBody<TrimRequest>();
        return v1;
    }

    public static async Task<Created<AppendMessagesResult>> AppendAsync(
        string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var key = IdempotencyGate.ReadKey(request);
        var append = await JsonBody.ReadAsync(request, ThreadsJsonContext.Default.AppendMessagesRequest, cancellationToken);
        var result = await thread.AppendAsync(append, key, cancellationToken);
        if (result.Replayed)
        {
            request.HttpContext.Response.Headers[IdempotencyGate.ReplayedHeaderName] = "true";
        }

        return TypedResults.Created($"/v1/namespaces/{ns}/threads/{Uri.EscapeDataString(id)}/messages", result);
    }

    public static async Task<Ok<MessagePage>> ListAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var page = new MessageQuery
        {
            Limit = QueryValues.Int(query, "limit") ?? 20,
            Order = QueryValues.Order(query, "order"),
            After = QueryValues.Long(query, "after"),
            Before = QueryValues.Long(query, "before"),
            RunId = QueryValues.Id(query, "runId"),
            Cursor = QueryValues.String(query, "cursor"),
        };
        return TypedResults.Ok(await grains.GetThread(ns, id).GetMessagesAsync(page, cancellationToken));
    }

    public static async Task<Ok<TrimResult>> TrimAsync(
        string ns, string id, HttpRequest request, IGrainFactory grains, IdempotencyGate idempotency, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var trim = JsonBody.Parse(raw, ThreadsJsonContext.Default.TrimRequest);
        var result = await idempotency.RunAsync(
            request,
            ns,
            raw,
            ThreadsJsonContext.Default.TrimResult,
            async ct => new IdempotentResult<TrimResult>(StatusCodes.Status200OK, await thread.TrimAsync(trim, ct), id),
            cancellationToken);
        return TypedResults.Ok(result.Value);
    }
}
