using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Problems;
using Threads.Silo.Apis;
using Threads.Silo.Hosting.Internal;
using Threads.Silo.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Threads HTTP API.</summary>
public static class ThreadsApiWebApplicationExtensions
{
    /// <summary>
    /// Maps API.md's routes under <c>/v1/namespaces/{ns}</c>, <c>/healthz</c>, <c>/readyz</c> and <c>/openapi/v1.json</c>,
    /// with problem+json for every failure, the thread browser at <c>/ui/</c>, and Orleans' dashboard at <c>/dashboard</c>
    /// when <c>Threads:Dashboard:Enabled</c>.
    /// </summary>
    public static WebApplication MapThreadsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseStatusCodePages(static context => context.HttpContext.Response.HasStarted || context.HttpContext.Response.ContentLength > 0
            ? Task.CompletedTask
            : ApiProblems.WriteAsync(context.HttpContext, ApiProblems.Create(
                context.HttpContext.Response.StatusCode,
                ApiProblems.CodeOf(context.HttpContext.Response.StatusCode),
                $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path} has no answer here.")).AsTask());
        app.UseExceptionHandler();
        app.UseThreadsAccess();
        app.UseMiddleware<SiloStartingMiddleware>();

        app.MapHealth();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapNamespaces();
        app.MapGroup("/v1/namespaces/{ns}")
            .WithLockTokens()
            .ProducesProblems(400, 401, 403, 429, 503)
            .MapThreads()
            .MapMessages()
            .MapState()
            .MapLocks()
            .MapRuns()
            .MapFiles()
            .MapEvents()
            .MapExport()
            .MapSearch();
        app.MapThreadBrowser();
        if (app.Services.GetRequiredService<IOptions<ThreadsDashboardOptions>>().Value.Enabled)
        {
            // Its page, assets and API all under the one prefix, which the access middleware keeps to admin keys.
            app.MapOrleansDashboard(ThreadsDashboardOptions.Path);
        }

        return app;
    }
}
