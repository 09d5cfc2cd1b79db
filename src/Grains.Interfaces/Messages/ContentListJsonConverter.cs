using System.Text.Json;
using System.Text.Json.Serialization;
using Threads.Grains.Serialization;

namespace Threads.Grains;

/// <summary>Reads message content as a list of parts, or a plain string as one text part; writes the list.</summary>
public sealed class ContentListJsonConverter : JsonConverter<IReadOnlyList<ContentPart>>
{
    /// <inheritdoc/>
    public override IReadOnlyList<ContentPart> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [new TextPart(reader.GetString()!)];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("content must be a string or an array of parts");
        }

        var parts = new List<ContentPart>();
        var partInfo = ThreadsJsonContext.Default.ContentPart;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            parts.Add(JsonSerializer.Deserialize(ref reader, partInfo) ?? throw new JsonException("a content part must not be null"));
        }

        return parts;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ContentPart> value, JsonSerializerOptions options)
    {
        var partInfo = ThreadsJsonContext.Default.ContentPart;
        writer.WriteStartArray();
        foreach (var part in value)
        {
            JsonSerializer.Serialize(writer, part, partInfo);
        }

        writer.WriteEndArray();
    }
}
