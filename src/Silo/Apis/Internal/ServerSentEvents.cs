using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Silo.Apis.Internal;

/// <summary>Writes <see cref="ThreadEvent"/>s as Server-Sent Events: <c>id:</c>, <c>event:</c> and one <c>data:</c> line of JSON.</summary>
internal static class ServerSentEvents
{
    public const string MediaType = "text/event-stream";

    public const string LastEventIdHeaderName = "Last-Event-ID";

    public const string LastEventIdParameterName = "lastEventId";

    public static void WriteEvent(IBufferWriter<byte> output, ThreadEvent threadEvent)
    {
        Write(output, string.Create(CultureInfo.InvariantCulture, $"id: {threadEvent.Id}\nevent: {threadEvent.Type}\ndata: "));

        // The JSON is written compact, so it is one line: no newline can split the data field.
        using (var writer = new Utf8JsonWriter(output))
        {
            JsonSerializer.Serialize(writer, threadEvent, ThreadsJsonContext.Default.ThreadEvent);
        }

        output.Write("\n\n"u8);
    }

    /// <summary>A comment line, which clients ignore: keeps an idle connection from being timed out by a proxy.</summary>
    public static void WriteComment(IBufferWriter<byte> output, string comment) => Write(output, $": {comment}\n\n");

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

    private static void Write(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(System.Text.Encoding.UTF8.GetBytes(text, span));
    }
}
