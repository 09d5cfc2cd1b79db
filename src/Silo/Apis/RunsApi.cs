using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Idempotency;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis;

/// <summary>The Runs and checkpoints section of API.md: start, checkpoint, complete, fail, resume, read and list runs.</summary>
internal static class RunsApi
{
    /// <summary>The run states a list may be filtered by, by their wire names.</summary>
    public static readonly IReadOnlyDictionary<string, RunStatus> Statuses = new Dictionary<string, RunStatus>(StringComparer.Ordinal)
    {
        ["running"] = RunStatus.Running,
        ["completed"] = RunStatus.Completed,
        ["failed"] = RunStatus.Failed,
        ["interrupted"] = RunStatus.Interrupted,
    };

    public static RouteGroupBuilder MapRuns(this RouteGroupBuilder v1)
    {
        var runs = v1.MapGroup(string.Empty).WithTags(ApiTags.Runs);
        runs.MapPost("/threads/{id}/runs", StartAsync).WithJsonBody<StartRunRequest>(required: false)
            .WithName("startRun").WithSummary("Start a run in a thread, with a lease.")
            .WithParameters(ApiParameters.IdempotencyKey).ProducesProblems(404, 409, 423, 507)
            .WithResponseHeaders(StatusCodes.Status201Created, ResponseHeadersOperationTransformer.Location, IdempotentPosts.ReplayedHeaderName);
        runs.MapGet("/threads/{id}/runs", ListAsync)
            .WithName("listRuns").WithSummary("List a thread's runs, newest first.")
            .WithParameters(ApiParameters.RunStatusFilter, ApiParameters.Limit, ApiParameters.Cursor).ProducesProblems(404);
        runs.MapGet("/threads/{id}/runs/{runId}", GetAsync)
            .WithName("getRun").WithSummary("Read a run with its checkpoints.").ProducesProblems(404);
        runs.MapPost("/threads/{id}/runs/{runId}/checkpoints", CheckpointAsync).WithJsonBody<CheckpointRequest>(required: false)
            .WithName("checkpointRun").WithSummary("Checkpoint a run: append its messages, merge its state patch and renew its lease, atomically.")
            .WithParameters(ApiParameters.IdempotencyKey).ProducesProblems(404, 409, 413, 422, 423, 507)
            .WithResponseHeaders(StatusCodes.Status200OK, IdempotentPosts.ReplayedHeaderName);
        runs.MapPost("/threads/{id}/runs/{runId}/complete", CompleteAsync)
            .WithName("completeRun").WithSummary("End a run as completed.").ProducesProblems(404, 409, 423, 507);
        runs.MapPost("/threads/{id}/runs/{runId}/fail", FailAsync).WithJsonBody<EndRunRequest>(required: false)
            .WithName("failRun").WithSummary("End a run as failed.").ProducesProblems(404, 409, 423, 507);
        runs.MapPost("/threads/{id}/runs/{runId}/resume", ResumeAsync)
            .WithName("resumeRun").WithSummary("Resume an interrupted run with a new lease.").ProducesProblems(404, 409, 423, 507);
        return v1;
    }

    public static async Task<Created<RunInfo>> StartAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        GrainKeys.Of(ns, id);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var start = JsonBody.Parse(raw, ThreadsJsonContext.Default.StartRunRequest);
        Identifiers.RequireIdIfPresent(start.RunId, "runId");
        var result = await IdempotentPosts.RunAsync(request, grains, raw, new StartRunCall { Namespace = ns, ThreadId = id, Request = start }, cancellationToken);
        return TypedResults.Created(LocationOf(ns, id, result.Value.RunId), result.Value);
    }

    public static async Task<Ok<RunPage>> ListAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = new RunListQuery
        {
            Status = QueryValues.String(request.Query, ApiParameters.RunStatusFilter.Name) switch
            {
                null => null,
                { } status when Statuses.TryGetValue(status, out var known) => known,
                _ => throw InvalidArgumentException.ForField(ApiParameters.RunStatusFilter.Name, "must be running, completed, failed or interrupted"),
            },
            Limit = QueryValues.Int(request.Query, ApiParameters.Limit.Name) ?? ApiParameters.DefaultPageSize,
            Cursor = QueryValues.String(request.Query, ApiParameters.Cursor.Name),
        };
        return TypedResults.Ok(await grains.GetThread(ns, id).ListRunsAsync(query, cancellationToken));
    }

    public static async Task<Ok<RunInfo>> GetAsync(string ns, string id, string runId, IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetThread(ns, id).GetRunAsync(ValidRunId(runId), cancellationToken));

    // 200 with the run, not 201: a checkpoint is recorded inside the run and has no address of its own.
    public static async Task<Ok<RunInfo>> CheckpointAsync(
        string ns, string id, string runId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        GrainKeys.Of(ns, id);
        ValidRunId(runId);
        var raw = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var checkpoint = JsonBody.Parse(raw, ThreadsJsonContext.Default.CheckpointRequest);
        var call = new CheckpointRunCall { Namespace = ns, ThreadId = id, RunId = runId, Request = checkpoint };
        var result = await IdempotentPosts.RunAsync(request, grains, raw, call, cancellationToken);
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

    private static string ValidRunId(string runId) => Identifiers.RequireId(runId, "runId");
}
