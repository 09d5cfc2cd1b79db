using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using HealthCheckService = Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService;
using CheckStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus;
using Threads.Grains;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Problems;
using Threads.Silo.Hosting.Health;

namespace Threads.Silo.Apis;

/// <summary>
/// <c>/healthz</c> (the process is up) and <c>/readyz</c> (every health check tagged <see cref="ThreadsHealthChecks.ReadyTag"/>:
/// the storage takes writes, the silo is active in its cluster, and any the application added).
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup(string.Empty).WithTags(ApiTags.Health);
        health.MapGet("/healthz", Healthz).WithName("getHealth").WithSummary("Whether the process is up.");
        health.MapGet("/readyz", ReadyzAsync)
            .WithName("getReadiness").WithSummary("Whether the silo is ready: its storage takes writes and it is active in its cluster.")
            .Produces<HealthStatus>(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static Ok<HealthStatus> Healthz() => TypedResults.Ok(new HealthStatus("ok"));

    // 200 {"status":"ready"}, or 503 problem unavailable whose detail names each failing check's reason.
    public static async Task ReadyzAsync(HttpContext context, HealthCheckService checks)
    {
        var report = await checks.CheckHealthAsync(static check => check.Tags.Contains(ThreadsHealthChecks.ReadyTag), context.RequestAborted);

        // Each call checks again: nothing on the way may keep an answer.
        context.Response.Headers.CacheControl = "no-store, no-cache";
        if (report.Status != CheckStatus.Unhealthy)
        {
            context.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(context.Response.Body, new HealthStatus("ready"), SiloJsonContext.Contract.HealthStatus, context.RequestAborted);
            return;
        }

        var reasons = report.Entries
            .Where(static e => e.Value.Status == CheckStatus.Unhealthy)
            .Select(static e => e.Value.Description ?? e.Key)
            .Distinct(StringComparer.Ordinal);
        await ApiProblems.WriteAsync(context, ApiProblems.Create(
            StatusCodes.Status503ServiceUnavailable,
            ErrorCodes.Unavailable,
            $"Not ready: {string.Join("; ", reasons)}."));
    }
}
