using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains.Storage;
using Threads.Silo.Apis.Internal;

namespace Threads.Silo.Apis;

/// <summary>The namespaces that hold threads (<c>GET /v1/namespaces</c>), for an admin key for every namespace.</summary>
internal static class NamespacesApi
{
    public static IEndpointRouteBuilder MapNamespaces(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/namespaces", ListAsync);
        return app;
    }

    public static async Task<Ok<NamespacePage>> ListAsync(HttpRequest request, IThreadStore store, CancellationToken cancellationToken)
    {
        var (limit, after) = KeyPages.Read(request.Query);
        var namespaces = await store.ListNamespacesAsync(after, limit + 1, cancellationToken);
        var page = namespaces.Take(limit).ToList();
        return TypedResults.Ok(new NamespacePage(page, namespaces.Count > limit ? KeyPages.Cursor(page[^1]) : null));
    }
}
