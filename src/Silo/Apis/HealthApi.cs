using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using CheckStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus;
using HealthReport = Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport;
using Threads.Grains;
using Threads.Silo.Apis.Internal;
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
        app.MapGet("/healthz", Healthz);
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(ThreadsHealthChecks.ReadyTag),
            ResponseWriter = WriteReadinessAsync,
            ResultStatusCodes =
            {
                [CheckStatus.Healthy] = StatusCodes.Status200OK,
                [CheckStatus.Degraded] = StatusCodes.Status200OK,
                [CheckStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    public static Ok<HealthStatus> Healthz() => TypedResults.Ok(new HealthStatus("ok"));

    /// <summary>200 <c>{"status":"ready"}</c>, or 503 problem <c>unavailable</c> whose detail names each failing check's reason.</summary>
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        if (report.Status != CheckStatus.Unhealthy)
        {
            context.Response.ContentType = "application/json";
            return JsonSerializer.SerializeAsync(context.Response.Body, new HealthStatus("ready"), SiloJsonContext.Default.HealthStatus, context.RequestAborted);
        }

        var reasons = report.Entries
            .Where(static e => e.Value.Status == CheckStatus.Unhealthy)
            .Select(static e => e.Value.Description ?? e.Key)
            .Distinct(StringComparer.Ordinal);
        return Problems.WriteAsync(context.Response, Problems.Create(
            StatusCodes.Status503ServiceUnavailable,
            ErrorCodes.Unavailable,
            $"Not ready: {string.Join("; ", reasons)}."));
    }
}
