using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orleans.Serialization;

/// <summary>Registers what the Threads contract needs from the Orleans serializer beyond its generated codecs.</summary>
/// <remarks>
/// The contract's generated codecs cover every record, enum and exception; the <see cref="JsonElement"/> members
/// (state, tool arguments, event data) go through Orleans' System.Text.Json codec, set up here to carry each value's
/// JSON text byte for byte: no reformatting, no re-escaping, numbers such as <c>1.50</c> and key order kept.
/// </remarks>
public static class ThreadsSerialization
{
    /// <summary>Adds Orleans' JSON codec for <see cref="JsonElement"/>, <see cref="JsonDocument"/> and <see cref="JsonNode"/> values, keeping their raw JSON text.</summary>
    public static ISerializerBuilder AddThreadsSerialization(this ISerializerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A PostConfigure, not the serializer options argument: another AddJsonSerializer call that sets its own
        // options (for other types) runs its Configure first, and the raw converters are added to whatever it set.
        return builder.AddJsonSerializer(
            isSerializable: IsJsonType,
            isCopyable: IsJsonType,
            configureOptions: static options => options.PostConfigure(static codecOptions =>
                codecOptions.SerializerOptions = WithRawJsonConverters(codecOptions.SerializerOptions)));
    }

    private static bool IsJsonType(Type type) =>
        type == typeof(JsonElement) || type == typeof(JsonDocument) || typeof(JsonNode).IsAssignableFrom(type);

    private static JsonSerializerOptions WithRawJsonConverters(JsonSerializerOptions? options)
    {
        options ??= new JsonSerializerOptions();
        if (options.Converters.Any(static converter => converter is RawJsonElementConverter))
        {
            return options;
        }

        if (options.IsReadOnly)
        {
            options = new JsonSerializerOptions(options);
        }

        // First, so that they win over any other converter of these types.
        options.Converters.Insert(0, new RawJsonElementConverter());
        options.Converters.Insert(1, new RawJsonDocumentConverter());
        return options;
    }

    /// <summary>Writes an element as its raw text, as parsed; the built-in converter would re-escape its strings.</summary>
    private sealed class RawJsonElementConverter : JsonConverter<JsonElement>
    {
        /// <inheritdoc/>
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonElement.ParseValue(ref reader);

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) =>
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value));
    }

    /// <summary>Writes a document as its root's raw text, as parsed.</summary>
    private sealed class RawJsonDocumentConverter : JsonConverter<JsonDocument>
    {
        /// <inheritdoc/>
        public override JsonDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonDocument.ParseValue(ref reader);

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, JsonDocument value, JsonSerializerOptions options) =>
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value.RootElement));
    }
}
