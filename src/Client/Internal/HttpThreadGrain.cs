using System.Globalization;
using System.Text.Json;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary><see cref="IThreadGrain"/> over HTTP: each call is one request to <c>v1/namespaces/{ns}/threads/{id}</c>.</summary>
internal sealed partial class HttpThreadGrain(ThreadsHttp http, string ns, string id) : IThreadGrain
{
    private readonly string _threads = $"v1/namespaces/{ns}/threads";
    private readonly string _thread = $"v1/namespaces/{ns}/threads/{Uri.EscapeDataString(id)}";

    public async Task<ThreadInfo> CreateAsync(CreateThreadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = CreateThreadBody.From(id, request);
        using var message = new HttpRequestMessage(HttpMethod.Post, _threads) { Content = ThreadsHttp.Body(body, ThreadsJsonContext.Default.CreateThreadBody) };
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<ThreadInfo> GetAsync(int lastMessages = 0, CancellationToken cancellationToken = default)
    {
        var uri = lastMessages == 0 ? _thread : string.Create(CultureInfo.InvariantCulture, $"{_thread}?messages={lastMessages}");
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<ThreadInfo> UpdateAsync(UpdateThreadRequest request, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Patch, _thread) { Content = ThreadsHttp.Body(PatchBody(request)) };
        IfMatch(message, expectedVersion);
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Asks for the write only at <paramref name="expectedVersion"/>, as a strong ETag, when one is given.</summary>
    private static void IfMatch(HttpRequestMessage message, long? expectedVersion)
    {
        if (expectedVersion is { } version)
        {
            message.Headers.TryAddWithoutValidation("If-Match", string.Create(CultureInfo.InvariantCulture, $"\"{version}\""));
        }
    }

    public async Task DeleteAsync(DateTimeOffset? ifUpdatedBefore = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, new QueryString(_thread).Add("ifUpdatedBefore", ifUpdatedBefore).ToString());
        await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AppendMessagesResult> AppendAsync(AppendMessagesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_thread}/messages")
        {
            Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.AppendMessagesRequest),
        };

        // A key of the client's own when the caller gave none: the append can then be retried without being stored twice.
        message.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString("N"));
        var (result, _, replayed) = await http.SendAsync(message, ThreadsHttp.Response<AppendMessagesResult>(), cancellationToken).ConfigureAwait(false);
        return result with { Replayed = replayed };
    }

    public async Task<MessagePage> GetMessagesAsync(MessageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var uri = new QueryString($"{_thread}/messages")
            .Add("limit", query.Limit)
            .Add("order", query.Order == SortOrder.Descending ? "desc" : null)
            .Add("after", query.After)
            .Add("before", query.Before)
            .Add("runId", query.RunId)
            .Add("cursor", query.Cursor)
            .ToString();
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        return (await http.SendAsync(message, ThreadsHttp.Response<MessagePage>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<ThreadInfo> CloneAsync(CloneThreadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_thread}/clone")
        {
            Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.CloneThreadRequest),
        };
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<TrimResult> TrimAsync(TrimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_thread}/trim")
        {
            Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.TrimRequest),
        };
        return (await http.SendAsync(message, ThreadsHttp.Response<TrimResult>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The PATCH body: on the wire <c>null</c> removes a title or resource, which the request spells as the empty string.</summary>
    private static byte[] PatchBody(UpdateThreadRequest request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteRemovable(writer, "title", request.Title);
            WriteRemovable(writer, "resourceId", request.ResourceId);
            if (request.Hidden is { } hidden)
            {
                writer.WriteBoolean("hidden", hidden);
            }

            if (request.Archived is { } archived)
            {
                writer.WriteBoolean("archived", archived);
            }

            if (request.Metadata is { } metadata)
            {
                writer.WriteStartObject("metadata");
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteRemovable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
