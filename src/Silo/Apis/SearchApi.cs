using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Silo.Apis.Internal;

namespace Threads.Silo.Apis;

/// <summary>The Search section of API.md: full-text search over the namespace's messages.</summary>
internal static class SearchApi
{
    public static RouteGroupBuilder MapSearch(this RouteGroupBuilder v1)
    {
        v1.MapGet("/search", SearchAsync);
        return v1;
    }

    public static async Task<Ok<SearchPage>> SearchAsync(string ns, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var search = new SearchQuery
        {
            Q = QueryValues.String(query, "q") ?? string.Empty,
            ResourceId = QueryValues.Id(query, "resourceId"),
            ThreadId = QueryValues.Id(query, "threadId"),
            Role = QueryValues.String(query, "role") is { } role ? new MessageRole(role) : null,
            IncludeHidden = QueryValues.Bool(query, "includeHidden") ?? false,
            Limit = QueryValues.Int(query, "limit") ?? 20,
            Cursor = QueryValues.String(query, "cursor"),
        };
        return TypedResults.Ok(await grains.GetSearch(ns).SearchAsync(search, cancellationToken));
    }
}
