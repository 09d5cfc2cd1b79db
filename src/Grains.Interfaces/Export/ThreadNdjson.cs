using System.Buffers;
using System.Text;
using System.Text.Json;
using Threads.Grains.Serialization;

namespace Threads.Grains;

/// <summary>
/// The export format of a thread, <c>application/x-ndjson</c>: one JSON object a line, each with a <c>type</c>:
/// <c>{"type":"thread","thread":{…}}</c> first, then <c>{"type":"message","message":{…}}</c> for each message in seq
/// order, then <c>{"type":"state","state":{…},"version":N}</c>, then <c>{"type":"file","file":{…},"content":"base64"}</c>
/// for each file. Export writes it line by line; import reads it back into a <see cref="ThreadImport"/>.
/// </summary>
public static class ThreadNdjson
{
    /// <summary>The media type of an export.</summary>
    public const string MediaType = "application/x-ndjson";

    /// <summary>Writes the thread line.</summary>
    public static void WriteThread(IBufferWriter<byte> output, ThreadInfo thread) =>
        WriteLine(output, thread, static (writer, t) =>
        {
            writer.WriteString("type"u8, "thread"u8);
            writer.WritePropertyName("thread"u8);
            JsonSerializer.Serialize(writer, t with { Messages = null }, ThreadsJsonContext.Default.ThreadInfo);
        });

    /// <summary>Writes one message line.</summary>
    public static void WriteMessage(IBufferWriter<byte> output, ThreadMessage message) =>
        WriteLine(output, message, static (writer, m) =>
        {
            writer.WriteString("type"u8, "message"u8);
            writer.WritePropertyName("message"u8);
            JsonSerializer.Serialize(writer, m, ThreadsJsonContext.Default.ThreadMessage);
        });

    /// <summary>Writes the state line.</summary>
    public static void WriteState(IBufferWriter<byte> output, ThreadStateSnapshot state) =>
        WriteLine(output, state, static (writer, s) =>
        {
            writer.WriteString("type"u8, "state"u8);
            writer.WritePropertyName("state"u8);
            s.State.WriteTo(writer);
            writer.WriteNumber("version"u8, s.Version);
        });

    /// <summary>Writes one file line, its bytes in base64.</summary>
    public static void WriteFile(IBufferWriter<byte> output, ThreadFile file) =>
        WriteLine(output, file, static (writer, f) =>
        {
            writer.WriteString("type"u8, "file"u8);
            writer.WritePropertyName("file"u8);
            JsonSerializer.Serialize(writer, f.Info, ThreadsJsonContext.Default.ThreadFileInfo);
            writer.WriteBase64String("content"u8, f.Content);
        });

    /// <summary>Writes a whole thread.</summary>
    public static void Write(IBufferWriter<byte> output, ThreadImport thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        WriteThread(output, thread.Thread);
        foreach (var message in thread.Messages)
        {
            WriteMessage(output, message);
        }

        if (thread.State is { } state)
        {
            WriteState(output, new ThreadStateSnapshot(state, thread.StateVersion));
        }

        foreach (var file in thread.Files)
        {
            WriteFile(output, file);
        }
    }

    /// <summary>Reads an export; a malformed line is an <see cref="InvalidArgumentException"/> naming it.</summary>
    public static async Task<ThreadImport> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        ThreadInfo? thread = null;
        var messages = new List<ThreadMessage>();
        var files = new List<ThreadFile>();
        JsonElement? state = null;
        long stateVersion = 1;
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var type = Field(root, "type", JsonValueKind.String, number).GetString();
                switch (type)
                {
                    case "thread" when thread is null && number == 1:
                        thread = Field(root, "thread", JsonValueKind.Object, number).Deserialize(ThreadsJsonContext.Default.ThreadInfo);
                        break;
                    case "message" when thread is not null:
                        messages.Add(Field(root, "message", JsonValueKind.Object, number).Deserialize(ThreadsJsonContext.Default.ThreadMessage)!);
                        break;
                    case "state" when thread is not null && state is null:
                        state = Field(root, "state", JsonValueKind.Object, number).Clone();
                        stateVersion = Field(root, "version", JsonValueKind.Number, number).GetInt64();
                        break;
                    case "file" when thread is not null:
                        files.Add(new ThreadFile(
                            Field(root, "file", JsonValueKind.Object, number).Deserialize(ThreadsJsonContext.Default.ThreadFileInfo)!,
                            Field(root, "content", JsonValueKind.String, number).GetBytesFromBase64()));
                        break;
                    default:
                        throw InvalidArgumentException.ForField($"line {number}", $"a '{type}' line is not expected here; the thread line comes first, once");
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw InvalidArgumentException.ForField($"line {number}", $"is not a line of a thread export: {Reason(ex)}");
            }
        }

        return new ThreadImport
        {
            Thread = thread ?? throw InvalidArgumentException.ForField("line 1", "an export starts with the thread line"),
            Messages = messages,
            State = state,
            StateVersion = stateVersion,
            Files = files,
        };
    }

    private static void WriteLine<T>(IBufferWriter<byte> output, T value, Action<Utf8JsonWriter, T> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            body(writer, value);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>The line's field <paramref name="name"/>, which must be of <paramref name="kind"/>.</summary>
    private static JsonElement Field(JsonElement line, string name, JsonValueKind kind, int number)
    {
        if (line.ValueKind != JsonValueKind.Object || !line.TryGetProperty(name, out var value))
        {
            throw InvalidArgumentException.ForField($"line {number}", $"is not a line of a thread export: it has no '{name}' field");
        }

        return value.ValueKind == kind
            ? value
            : throw InvalidArgumentException.ForField($"line {number}", $"is not a line of a thread export: '{name}' must be {Describe(kind)}");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>What is wrong with a line, in the export's own terms: the serializer's messages name .NET types.</summary>
    private static string Reason(Exception exception) => exception switch
    {
        JsonException { Message: var message } when message.IndexOf("including: '", StringComparison.Ordinal) is >= 0 and var at =>
            $"'{message[(at + 12)..].Split('\'')[0]}' is required",
        JsonException { Path: { Length: > 2 } path } => $"'{path[2..]}' has the wrong type or an invalid value",
        JsonException { BytePositionInLine: { } position } => $"it is not valid JSON (byte {position + 1})",
        FormatException => "'content' is not base64",
        _ => "a value has the wrong type",
    };
}
