using System.Text.Json;
using System.Text.Json.Serialization;

namespace Threads.Grains;

/// <summary>Who wrote a message: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
/// <remarks>Shaped like Microsoft.Extensions.AI's <c>ChatRole</c>: a string value with well-known instances.</remarks>
[JsonConverter(typeof(MessageRoleJsonConverter))]
[GenerateSerializer]
[Alias("threads.MessageRole")]
[Immutable]
public readonly struct MessageRole : IEquatable<MessageRole>
{
    /// <summary>Creates a role from its wire value; see <see cref="IsKnown"/>.</summary>
    public MessageRole(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Instructions for the model.</summary>
    public static MessageRole System { get; } = new("system");

    /// <summary>A person's message.</summary>
    public static MessageRole User { get; } = new("user");

    /// <summary>The model's message.</summary>
    public static MessageRole Assistant { get; } = new("assistant");

    /// <summary>A tool's result.</summary>
    public static MessageRole Tool { get; } = new("tool");

    /// <summary>The roles the API takes: <c>system</c>, <c>user</c>, <c>assistant</c> and <c>tool</c>.</summary>
    public static IReadOnlyList<MessageRole> Known { get; } = [System, User, Assistant, Tool];

    /// <summary>The wire value.</summary>
    [Id(0)]
    public string Value => field ?? string.Empty;

    /// <summary>True for the four roles the API accepts.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc/>
    public bool Equals(MessageRole other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MessageRole other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Compares two roles by value.</summary>
    public static bool operator ==(MessageRole left, MessageRole right) => left.Equals(right);

    /// <summary>Compares two roles by value.</summary>
    public static bool operator !=(MessageRole left, MessageRole right) => !left.Equals(right);

    /// <summary>Reads and writes a role as its string value.</summary>
    public sealed class MessageRoleJsonConverter : JsonConverter<MessageRole>
    {
        /// <inheritdoc/>
        public override MessageRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? new MessageRole(reader.GetString()!)
                : throw new JsonException("role must be a string");

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, MessageRole value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Value);
    }
}
