using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Internal;

namespace Threads.Silo.Apis;

/// <summary>The Runs and checkpoints section of API.md: start, checkpoint, complete, fail, resume, read and list runs.</summary>
internal static class RunsApi
{
    public static RouteGroupBuilder MapRuns(this RouteGroupBuilder v1)
    {
        v1.MapPost("/threads/{id}/runs", StartAsync).WithJsonBody<StartRunRequest>();
        v1.MapGet("/threads/{id}/runs", ListAsync);
        v1.MapGet("/threads/{id}/runs/{runId}", GetAsync);
        v1.MapPost("/threads/{id}/runs/{runId}/checkpoints", CheckpointAsync).WithJsonBody<CheckpointRequest>();
        v1.MapPost("/threads/{id}/runs/{runId}/complete", CompleteAsync);
        v1.MapPost("/threads/{id}/runs/{runId}/fail", FailAsync).WithJsonBody<EndRunRequest>();
        v1.MapPost("/threads/{id}/runs/{runId}/resume", ResumeAsync);
        return v1;
    }

    public static async Task<Created<RunInfo>> StartAsync(
        string ns, string id, HttpRequest request, IGrainFactory grains, IdempotencyGate idempotency, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var start = JsonBody.Parse(raw, ThreadsJsonContext.Default.StartRunRequest);
        if (start.RunId is { } runId && !Identifiers.IsValidId(runId))
        {
            throw InvalidArgumentException.ForField("runId", "must match ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
        }

        var result = await idempotency.RunAsync(
            request,
            ns,
            raw,
            ThreadsJsonContext.Default.RunInfo,
            async ct => new IdempotentResult<RunInfo>(StatusCodes.Status201Created, await thread.StartRunAsync(start, ct), id),
            cancellationToken);
        return TypedResults.Created(LocationOf(ns, id, result.Value.RunId), result.Value);
    }

    public static async Task<Ok<RunPage>> ListAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = new RunListQuery
        {
            Status = QueryValues.String(request.Query, "status") switch
            {
                null => null,
                "running" => RunStatus.Running,
                "completed" => RunStatus.Completed,
                "failed" => RunStatus.Failed,
                "interrupted" => RunStatus.Interrupted,
                _ => throw InvalidArgumentException.ForField("status", "must be running, completed, failed or interrupted"),
            },
            Limit = QueryValues.Int(request.Query, "limit") ?? 20,
            Cursor = QueryValues.String(request.Query, "cursor"),
        };
        return TypedResults.Ok(await grains.GetThread(ns, id).ListRunsAsync(query, cancellationToken));
    }

    public static async Task<Ok<RunInfo>> GetAsync(string ns, string id, string runId, IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetThread(ns, id).GetRunAsync(ValidRunId(runId), cancellationToken));

    /// <summary>200 with the run, not 201: a checkpoint is recorded inside the run and has no address of its own.</summary>
    public static async Task<Ok<RunInfo>> CheckpointAsync(
        string ns, string id, string runId, HttpRequest request, IGrainFactory grains, IdempotencyGate idempotency, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        ValidRunId(runId);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var checkpoint = JsonBody.Parse(raw, ThreadsJsonContext.Default.CheckpointRequest);
        var result = await idempotency.RunAsync(
            request,
            ns,
            raw,
            ThreadsJsonContext.Default.RunInfo,
            async ct => new IdempotentResult<RunInfo>(StatusCodes.Status200OK, await thread.CheckpointAsync(runId, checkpoint, ct), id),
            cancellationToken);
        return TypedResults.Ok(result.Value);
    }

    public static async Task<Ok<RunInfo>> CompleteAsync(string ns, string id, string runId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        ValidRunId(runId);

        // The body is optional and, if given, may only be empty: completing takes no arguments.
        JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken), ThreadsJsonContext.Default.EndRunRequest);
        return TypedResults.Ok(await thread.CompleteRunAsync(runId, cancellationToken));
    }

    public static async Task<Ok<RunInfo>> FailAsync(string ns, string id, string runId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        ValidRunId(runId);
        var end = await JsonBody.ReadAsync(request, ThreadsJsonContext.Default.EndRunRequest, cancellationToken);
        return TypedResults.Ok(await thread.FailRunAsync(runId, end, cancellationToken));
    }

    public static async Task<Ok<RunInfo>> ResumeAsync(string ns, string id, string runId, IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetThread(ns, id).ResumeRunAsync(ValidRunId(runId), cancellationToken));

    private static string LocationOf(string ns, string id, string runId) =>
        $"/v1/namespaces/{ns}/threads/{Uri.EscapeDataString(id)}/runs/{Uri.EscapeDataString(runId)}";

    private static string ValidRunId(string runId) =>
        Identifiers.IsValidId(runId) ? runId : throw InvalidArgumentException.ForField("runId", "must match ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
}
