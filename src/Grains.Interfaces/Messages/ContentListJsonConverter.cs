using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
            parts.Add(ReadPart(ref reader, partInfo, parts.Count));
        }

        return parts;
    }

    // A nested Deserialize starts its own JSON path, so its errors would name the part's field without the message
    // around it; rethrown without a path, the outer serializer names the content field and the message the part.
    private static ContentPart ReadPart(ref Utf8JsonReader reader, JsonTypeInfo<ContentPart> partInfo, int index)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, partInfo) ?? throw new JsonException($"part {index} must not be null");
        }
        catch (JsonException exception) when (exception.Path is not null)
        {
            var field = exception.Path.Length > 2 ? $" field {exception.Path[2..]}" : string.Empty;
            var reason = exception.Message.Contains("type discriminator", StringComparison.Ordinal) || exception.Message.Contains("'type'", StringComparison.Ordinal)
                ? "type must be one of text, tool_call, tool_result, data, error"
                : $"has a{field} of the wrong type or shape";
            throw new JsonException($"part {index}: {reason}", exception);
        }
        catch (NotSupportedException exception)
        {
            // A part without "type" cannot be told apart: the serializer refuses the abstract type.
            throw new JsonException($"part {index}: type is required", exception);
        }
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
