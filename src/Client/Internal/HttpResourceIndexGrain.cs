using System.Net;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary><see cref="IResourceIndexGrain"/> over HTTP: the thread list and <c>resources/{id}/current-thread</c>.</summary>
internal sealed class HttpResourceIndexGrain(ThreadsHttp http, string ns, string resourceId) : IResourceIndexGrain
{
    public async Task<ThreadPage> ListThreadsAsync(ThreadListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var uri = new QueryString($"v1/namespaces/{ns}/threads")
            .Add("resourceId", resourceId == IResourceIndexGrain.AllResources ? null : resourceId)
            .Add("userId", query.UserId)
            .Add("includeHidden", query.IncludeHidden ? "true" : null)
            .Add("archived", query.Archived is { } archived ? archived ? "true" : "false" : null)
            .Add("updatedAfter", query.UpdatedAfter)
            .Add("updatedBefore", query.UpdatedBefore)
            .Add("limit", query.Limit)
            .Add("cursor", query.Cursor);
        foreach (var (key, value) in query.Metadata ?? new Dictionary<string, string>())
        {
            uri.Add("metadata." + key, value);
        }

        using var message = new HttpRequestMessage(HttpMethod.Get, uri.ToString());
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadPage>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<CurrentThreadResult> GetCurrentThreadAsync(CurrentThreadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/{ns}/resources/{Uri.EscapeDataString(resourceId)}/current-thread")
        {
            Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.CurrentThreadRequest),
        };
        var (thread, status, _) = await http.SendAsync(message, ThreadsHttp.Response<ThreadInfo>(), cancellationToken).ConfigureAwait(false);
        return new CurrentThreadResult(thread, Created: status == HttpStatusCode.Created);
    }

    public async Task<CleanupResult> CleanupAsync(CleanupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new CleanupBody { UpdatedBefore = request.UpdatedBefore, ResourceId = resourceId == IResourceIndexGrain.AllResources ? null : resourceId, DryRun = request.DryRun };
        using var message = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/{ns}/cleanup")
        {
            Content = ThreadsHttp.Body(body, ThreadsJsonContext.Default.CleanupBody),
        };
        return (await http.SendAsync(message, ThreadsHttp.Response<CleanupResult>(), cancellationToken).ConfigureAwait(false)).Value;
    }
}
