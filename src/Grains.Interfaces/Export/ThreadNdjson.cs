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
                var type = root.GetProperty("type").GetString();
                switch (type)
                {
                    case "thread" when thread is null && number == 1:
                        thread = root.GetProperty("thread").Deserialize(ThreadsJsonContext.Default.ThreadInfo);
                        break;
                    case "message" when thread is not null:
                        messages.Add(root.GetProperty("message").Deserialize(ThreadsJsonContext.Default.ThreadMessage)!);
                        break;
                    case "state" when thread is not null && state is null:
                        state = root.GetProperty("state").Clone();
                        stateVersion = root.GetProperty("version").GetInt64();
                        break;
                    case "file" when thread is not null:
                        files.Add(new ThreadFile(
                            root.GetProperty("file").Deserialize(ThreadsJsonContext.Default.ThreadFileInfo)!,
                            root.GetProperty("content").GetBytesFromBase64()));
                        break;
                    default:
                        throw InvalidArgumentException.ForField($"line {number}", $"a '{type}' line is not expected here; the thread line comes first, once");
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw InvalidArgumentException.ForField($"line {number}", $"is not a line of a thread export: {ex.Message}");
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
}
