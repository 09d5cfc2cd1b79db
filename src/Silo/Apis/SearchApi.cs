using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis;

/// <summary>The Search section of API.md: full-text search over the namespace's messages.</summary>
internal static class SearchApi
{
    public static RouteGroupBuilder MapSearch(this RouteGroupBuilder v1)
    {
        v1.MapGet("/search", SearchAsync).WithTags(ApiTags.Search)
            .WithName("searchMessages").WithSummary("Find messages by their words across the namespace's threads.")
            .WithParameters(
                ApiParameters.Q, ApiParameters.ResourceIdFilter, ApiParameters.ThreadIdFilter, ApiParameters.Role,
                ApiParameters.IncludeHidden, ApiParameters.Limit, ApiParameters.Cursor);
        return v1;
    }

    public static async Task<Ok<SearchPage>> SearchAsync(string ns, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var search = new SearchQuery
        {
            Q = QueryValues.String(query, ApiParameters.Q.Name) ?? string.Empty,
            ResourceId = QueryValues.Id(query, ApiParameters.ResourceIdFilter.Name),
            ThreadId = QueryValues.Id(query, ApiParameters.ThreadIdFilter.Name),
            Role = QueryValues.String(query, ApiParameters.Role.Name) is { } role ? new MessageRole(role) : null,
            IncludeHidden = QueryValues.Bool(query, ApiParameters.IncludeHidden.Name) ?? false,
            Limit = QueryValues.Int(query, ApiParameters.Limit.Name) ?? ApiParameters.DefaultPageSize,
            Cursor = QueryValues.String(query, ApiParameters.Cursor.Name),
        };
        return TypedResults.Ok(await grains.GetSearch(ns).SearchAsync(search, cancellationToken));
    }
}
