using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Threads.Grains;

namespace Threads.Silo.Apis.Bodies;

/// <summary>Reads a request body as JSON by the contract's strict rules; a body that is not valid JSON, or not of the expected shape, is a 400 naming the field.</summary>
internal static class JsonBody
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>How deep a body's objects and arrays may nest: the serializer's and <see cref="JsonDocument"/>'s default.</summary>
    private const int MaxDepth = 64;

    private static readonly JsonDocumentOptions StrictDocument = new() { AllowDuplicateProperties = false };

    // A request is read stricter than the JSON the silo stores and answers: each field once, named exactly as
    // documented (camelCase), so that a typo or a repeat is a 400 rather than silently bound or overwritten.
    private static readonly ConcurrentDictionary<JsonSerializerOptions, JsonSerializerOptions> Strict = new();

    /// <summary>The raw body; an empty body reads as <c>{}</c>, so a POST whose fields are all optional may omit it.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength : 256);
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.Length == 0 ? EmptyObject : buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public static T Parse<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        RequireUtf8(body.Span);
        try
        {
            var strict = Strict.GetOrAdd(typeInfo.Options, static options => new JsonSerializerOptions(options)
            {
                PropertyNameCaseInsensitive = false,
                AllowDuplicateProperties = false,
            });
            return JsonSerializer.Deserialize(body.Span, (JsonTypeInfo<T>)strict.GetTypeInfo(typeof(T)))
                ?? throw InvalidArgumentException.ForField("$", "the body must be a JSON object");
        }
        catch (JsonException exception)
        {
            throw Describe(exception, body.Span);
        }
        catch (NotSupportedException)
        {
            // The serializer's answer to an object it cannot build, such as an abstract type without its discriminator.
            throw InvalidArgumentException.ForField("$", "the body must be a JSON object of the documented shape");
        }
    }

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class =>
        Parse(await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false), typeInfo);

    public static JsonElement ParseElement(ReadOnlyMemory<byte> body)
    {
        RequireUtf8(body.Span);
        try
        {
            using var document = JsonDocument.Parse(body, StrictDocument);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw Describe(exception, body.Span);
        }
    }

    /// <summary>
    /// JSON is UTF-8 (RFC 8259), and the reader checks that only where it turns a string into .NET's: a bad sequence
    /// found later, in a value read as an element (PATCH), was a 500 (regression test
    /// <c>Write_MalformedUtf8_BadRequestAndUnchanged</c>). Checking the whole body first is one fast pass.
    /// </summary>
    private static void RequireUtf8(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw InvalidArgumentException.ForField("$", "the body is not valid UTF-8");
        }

        // Half a surrogate pair is \uD800 to \uDFFF: a body without "\ud" (text with \n escapes, say) is not read again.
        if (body.IndexOf("\\ud"u8) >= 0 || body.IndexOf("\\uD"u8) >= 0)
        {
            RequireWholeEscapes(body);
        }
    }

    /// <summary>
    /// A <c>\u</c> escape of half a surrogate pair (<c>"\ud800"</c> alone) is no character: the reader keeps such a
    /// string as sent inside a value read as an element (arguments, state, metadata), and writing it again, when the
    /// silo stores or answers it, fails. Refused here, naming where; a body that is not JSON is left to the parse.
    /// </summary>
    private static void RequireWholeEscapes(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 1024 });
        var frames = new List<(bool IsArray, int Index, string? Name)>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Name = WholeString(ref reader, frames, named: false) };
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        Advance(frames);
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            WholeString(ref reader, frames, named: true);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
        }

        static void Advance(List<(bool IsArray, int Index, string? Name)> frames)
        {
            if (frames.Count > 0 && frames[^1].IsArray)
            {
                frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
            }
        }
    }

    /// <summary>The string the reader is on; throws naming its place (<paramref name="named"/>: the innermost field included) if an escape in it is half a surrogate pair.</summary>
    private static string? WholeString(ref Utf8JsonReader reader, List<(bool IsArray, int Index, string? Name)> frames, bool named)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.GetString();
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            var path = new System.Text.StringBuilder();
            for (var i = 0; i < frames.Count; i++)
            {
                if (frames[i].IsArray)
                {
                    path.Append('[').Append(frames[i].Index).Append(']');
                }
                else if (frames[i].Name is { } name && (named || i < frames.Count - 1))
                {
                    path.Append(path.Length > 0 ? "." : string.Empty).Append(name);
                }
            }

            throw InvalidArgumentException.ForField(path.Length > 0 ? path.ToString() : "$", "holds a \\u escape of half a surrogate pair, which is no character");
        }
    }

    /// <summary>The field a <see cref="JsonException"/> is about, as a path without the leading <c>$.</c>, and what is wrong with it.</summary>
    internal static InvalidArgumentException Describe(JsonException exception, ReadOnlySpan<byte> body)
    {
        if (SyntaxError(body) is { } syntax)
        {
            return InvalidArgumentException.ForField("$", syntax);
        }

        var path = FieldPath(exception.Path);
        var message = exception.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && Quoted(message, 0) is { } unknown)
        {
            return InvalidArgumentException.ForField(path == unknown || path.EndsWith("." + unknown, StringComparison.Ordinal) ? path : Join(path, unknown), "is not a known field");
        }

        if (message.StartsWith("Duplicate", StringComparison.Ordinal))
        {
            return InvalidArgumentException.ForField(path, "appears more than once");
        }

        var including = message.IndexOf("including: ", StringComparison.Ordinal);
        if (including >= 0 && Quoted(message, including) is { } missing)
        {
            return InvalidArgumentException.ForField(Join(path, missing), "is required");
        }

        if (path == "$")
        {
            return InvalidArgumentException.ForField("$", "the body must be a JSON object of the documented shape");
        }

        // Messages the contract's converters write are meant for the caller; the serializer's own name .NET types.
        var known = message.Contains(" Path: ", StringComparison.Ordinal) || message.Contains("System.", StringComparison.Ordinal)
            ? Expected(exception)
            : message;
        return InvalidArgumentException.ForField(path, known);
    }

    /// <summary>What the field should have been, in JSON's terms, read from the reader's or the serializer's message (which name .NET types).</summary>
    private static string Expected(JsonException exception)
    {
        // A scalar of the wrong kind fails in the reader, whose message says what it wanted ("… as a string."); the
        // serializer's own message then names the object being read, not the field's type.
        const string WantedAs = " as a";
        if (exception.InnerException is InvalidOperationException { Message: var reader } && reader.LastIndexOf(WantedAs, StringComparison.Ordinal) is >= 0 and var wanted)
        {
            var kind = reader[(wanted + WantedAs.Length)..].TrimEnd('.');
            switch (kind.StartsWith("n ", StringComparison.Ordinal) ? kind[2..] : kind.TrimStart())
            {
                case "string":
                    return "must be a string";
                case "boolean":
                    return "must be true or false";
                case "number":
                    return "must be a number";
            }
        }

        const string ConvertedTo = "could not be converted to ";
        var message = exception.Message;
        var at = message.IndexOf(ConvertedTo, StringComparison.Ordinal);
        if (at < 0)
        {
            return "has the wrong type or an invalid value";
        }

        var rest = message[(at + ConvertedTo.Length)..];
        var end = rest.IndexOf(". Path:", StringComparison.Ordinal);
        var type = (end >= 0 ? rest[..end] : rest).TrimEnd('.');
        return type switch
        {
            "System.String" => "must be a string",
            "System.Boolean" or "System.Nullable`1[System.Boolean]" => "must be true or false",
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "must be an integer in range",
            "System.Double" or "System.Decimal" or "System.Nullable`1[System.Double]" => "must be a number",
            "System.DateTimeOffset" or "System.Nullable`1[System.DateTimeOffset]" => "must be a time as a string (2026-11-22T10:00:00.123Z)",
            _ when type.Contains("Dictionary", StringComparison.Ordinal) => "must be an object",
            _ when type.Contains("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "must be an array",
            _ when type.StartsWith("Threads.", StringComparison.Ordinal) => "must be an object",
            _ => "has the wrong type or an invalid value",
        };
    }

    private static string? SyntaxError(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException exception)
        {
            // The reader stops where the limit is passed: at that depth the JSON may be valid, but it is not read.
            return reader.CurrentDepth >= MaxDepth - 1
                ? $"the body is nested more than {MaxDepth} levels deep (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})"
                : $"the body is not valid JSON: line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}";
        }
    }

    private static string FieldPath(string? jsonPath) => jsonPath switch
    {
        null or "$" or "" => "$",
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ => jsonPath.TrimStart('$'),
    };

    private static string Join(string parent, string child) => parent == "$" ? child : $"{parent}.{child}";

    private static string? Quoted(string message, int from)
    {
        var start = message.IndexOf('\'', from);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 ? message[(start + 1)..end] : null;
    }
}
