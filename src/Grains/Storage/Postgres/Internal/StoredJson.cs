using System.Buffers;
using System.Text;
using System.Text.Json;
using Threads.Grains.Serialization;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>The JSON texts the store keeps: a message's body <c>{"content":[…],"metadata":{…}}</c> and string metadata.</summary>
internal static class StoredJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static string WriteBody(ThreadMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("content"u8);
            JsonSerializer.Serialize(writer, message.Content, ThreadsJsonContext.Default.IReadOnlyListContentPart);
            if (message.Metadata is { } metadata)
            {
                writer.WritePropertyName("metadata"u8);
                WriteObject(writer, metadata);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static (IReadOnlyList<ContentPart> Content, IReadOnlyDictionary<string, string>? Metadata) ReadBody(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var reader = new Utf8JsonReader(bytes);
        IReadOnlyList<ContentPart>? content = null;
        Dictionary<string, string>? metadata = null;
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
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteObject(writer, metadata);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyDictionary<string, string> ReadMetadata(string json) =>
        json == "{}"
            ? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty
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
}
