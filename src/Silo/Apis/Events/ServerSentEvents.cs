using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Threads.Grains;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis.Events;

/// <summary>
/// <see cref="ThreadEvent"/>s as Server-Sent Events: each is an <see cref="SseItem{T}"/> that the runtime's
/// <see cref="SseFormatter"/> writes as <c>event:</c>, one <c>data:</c> line of JSON and <c>id:</c>. The comment lines of
/// the stream (its opening and its heartbeats) are written here, since an <see cref="SseItem{T}"/> cannot be a comment.
/// </summary>
internal static class ServerSentEvents
{
    public const string MediaType = "text/event-stream";

    public const string LastEventIdHeaderName = "Last-Event-ID";

    public const string LastEventIdParameterName = "lastEventId";

    public static SseItem<ThreadEvent> Item(ThreadEvent threadEvent) =>
        new(threadEvent, threadEvent.Type) { EventId = threadEvent.Id.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Writes an event's data as compact JSON, so it is one line: no newline can split the data field.</summary>
    public static void WriteData(SseItem<ThreadEvent> item, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, item.Data, ThreadsJsonContext.Default.ThreadEvent);
    }

    /// <summary>A comment line, which clients ignore: keeps an idle connection from being timed out by a proxy.</summary>
    public static async Task WriteCommentAsync(Stream output, string comment, CancellationToken cancellationToken)
    {
        await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes($": {comment}\n\n"), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The id a stream resumes after: the <c>Last-Event-ID</c> header, else the <c>lastEventId</c> query parameter.</summary>
    public static long? LastEventId(HttpRequest request)
    {
        var header = request.Headers[LastEventIdHeaderName];
        var (name, value) = header.Count > 0
            ? (LastEventIdHeaderName, header.Count == 1 ? header[0] : null)
            : (LastEventIdParameterName, QueryValues.String(request.Query, LastEventIdParameterName));
        if (header.Count == 0 && value is null)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw InvalidArgumentException.ForField(name, "must be the id of an event, a non-negative integer");
    }
}
