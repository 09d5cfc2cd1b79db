using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Threads.Grains.Serialization;

/// <summary>Writes times as ISO-8601 UTC with milliseconds (<c>2026-11-22T10:00:00.123Z</c>); reads any ISO-8601 time.</summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string WireFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>A time as the API writes it, for messages that quote one (<c>2026-11-22T10:00:00.123Z</c>).</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value)
            ? value.ToUniversalTime()
            : throw new JsonException("expected an ISO-8601 time");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[32];
        value.UtcDateTime.TryFormat(buffer, out var written, WireFormat, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
