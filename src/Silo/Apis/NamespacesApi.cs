using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Threads.Grains.Catalog;
using Threads.Grains.Threads;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis;

/// <summary>The namespaces that hold threads (<c>GET /v1/namespaces</c>), for an admin key for every namespace.</summary>
internal static class NamespacesApi
{
    public static IEndpointRouteBuilder MapNamespaces(this IEndpointRouteBuilder app)
    {
        // A /v1 route as the others: a Lock-Token it is sent is read by the same rule.
        app.MapGroup("/v1/namespaces").WithLockTokens().MapGet(string.Empty, ListAsync).WithTags(ApiTags.Threads)
            .WithName("listNamespaces").WithSummary("List the namespaces that hold threads (an admin key for every namespace).")
            .WithParameters(ApiParameters.Limit, ApiParameters.Cursor).ProducesProblems(400, 401, 403, 429, 503);
        return app;
    }

    public static async Task<Ok<NamespacePage>> ListAsync(HttpRequest request, IGrainFactory grains, IOptions<ThreadLimitsOptions> limits, CancellationToken cancellationToken)
    {
        var (limit, after) = KeyPages.Read(request.Query, limits.Value);
        var namespaces = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).ListNamespacesAsync(after, limit + 1, cancellationToken);
        var page = namespaces.Take(limit).ToList();
        return TypedResults.Ok(new NamespacePage(page, namespaces.Count > limit ? KeyPages.Cursor(page[^1]) : null));
    }
}
