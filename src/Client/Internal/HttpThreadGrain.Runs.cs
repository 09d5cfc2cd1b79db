using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary>The run calls of <see cref="IThreadGrain"/> over HTTP.</summary>
internal sealed partial class HttpThreadGrain
{
    public async Task<RunInfo> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_thread}/runs") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.StartRunRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> CheckpointAsync(string runId, CheckpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/checkpoints") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.CheckpointRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> CompleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/complete") { Content = ThreadsHttp.Body(new EndRunRequest(), ThreadsJsonContext.Default.EndRunRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> FailRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/fail") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.EndRunRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> ResumeRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/resume");
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, Run(runId));
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunPage> ListRunsAsync(RunListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var uri = new QueryString($"{_thread}/runs")
            .Add("status", query.Status is { } status ? status.ToString().ToLowerInvariant() : null)
            .Add("limit", query.Limit)
            .Add("cursor", query.Cursor)
            .ToString();
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        return (await http.SendAsync(message, ThreadsHttp.Response<RunPage>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    private string Run(string runId) => $"{_thread}/runs/{Uri.EscapeDataString(runId)}";
}
