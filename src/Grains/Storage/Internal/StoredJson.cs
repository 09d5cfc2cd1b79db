using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using Threads.Grains.Serialization;

namespace Threads.Grains.Storage.Internal;

/// <summary>
/// The JSON texts every store keeps, in one format: a message's body <c>{"content":[…],"metadata":{…}}</c> (the
/// columns queried on are kept beside it) and string metadata. Written through a per-thread buffer, so a write
/// allocates only its result.
/// </summary>
internal static class StoredJson
{
    private const string EmptyObject = "{}";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    public static string WriteBody(ThreadMessage message)
    {
        var writer = Writer(out var buffer);
        writer.WriteStartObject();
        writer.WritePropertyName("content"u8);
        JsonSerializer.Serialize(writer, message.Content, ThreadsJsonContext.Default.IReadOnlyListContentPart);
        if (message.Metadata is { } metadata)
        {
            writer.WritePropertyName("metadata"u8);
            WriteObject(writer, metadata);
        }

        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static (IReadOnlyList<ContentPart> Content, IReadOnlyDictionary<string, string>? Metadata) ReadBody(string body) =>
        ReadBody(Encoding.UTF8.GetBytes(body));

    public static (IReadOnlyList<ContentPart> Content, IReadOnlyDictionary<string, string>? Metadata) ReadBody(ReadOnlySpan<byte> body)
    {
        IReadOnlyList<ContentPart>? content = null;
        IReadOnlyDictionary<string, string>? metadata = null;
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                content = JsonSerializer.Deserialize(ref reader, ThreadsJsonContext.Default.IReadOnlyListContentPart);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                metadata = JsonSerializer.Deserialize(ref reader, ThreadsJsonContext.Default.DictionaryStringString);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (content ?? throw new JsonException("A stored message has no content."), metadata);
    }

    public static string WriteMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count == 0)
        {
            return EmptyObject;
        }

        var writer = Writer(out var buffer);
        WriteObject(writer, metadata);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyDictionary<string, string> ReadMetadata(string json) =>
        json == EmptyObject
            ? ReadOnlyDictionary<string, string>.Empty
            : JsonSerializer.Deserialize(json, ThreadsJsonContext.Default.DictionaryStringString)
                ?? throw new JsonException("Stored metadata is null.");

    private static void WriteObject(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> values)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in values)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static Utf8JsonWriter Writer(out ArrayBufferWriter<byte> buffer)
    {
        buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(4096);
        if (buffer.Capacity > 256 * 1024)
        {
            // Do not keep a large message's buffer alive on this thread.
            buffer = _threadBuffer = new ArrayBufferWriter<byte>(4096);
            _threadWriter = null;
        }

        buffer.ResetWrittenCount();
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        return writer;
    }
}
