using Threads.Grains;

namespace Threads.Client.Internal;

/// <summary><see cref="ISearchGrain"/> over HTTP: <c>GET search</c>.</summary>
internal sealed class HttpSearchGrain(ThreadsHttp http, string ns) : ISearchGrain
{
    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var uri = new QueryString($"v1/namespaces/{ns}/search")
            .Add("q", query.Q)
            .Add("resourceId", query.ResourceId)
            .Add("threadId", query.ThreadId)
            .Add("role", query.Role?.Value)
            .Add("includeHidden", query.IncludeHidden ? "true" : null)
            .Add("limit", query.Limit)
            .Add("cursor", query.Cursor);
        using var message = new HttpRequestMessage(HttpMethod.Get, uri.ToString());
        return (await http.SendAsync(message, ThreadsHttp.Response<SearchPage>(), cancellationToken).ConfigureAwait(false)).Value;
    }
}
