using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Threads.Grains.Threads.Internal;

/// <summary>Measures the UTF-8 JSON size of a value in a reused per-thread buffer, so that checking a limit allocates nothing once warm.</summary>
internal static class JsonSize
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    public static int Of<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Flush();
        var size = buffer.WrittenCount;
        if (buffer.Capacity > 256 * 1024)
        {
            // Do not keep a large message's buffer alive on this thread.
            _threadBuffer = null;
            _threadWriter = null;
        }

        return size;
    }
}
