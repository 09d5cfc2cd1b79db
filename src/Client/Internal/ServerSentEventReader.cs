using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Threads.Grains;

namespace Threads.Client.Internal;

/// <summary>Reads a <c>text/event-stream</c> into <see cref="ThreadEvent"/>s: fields gathered until a blank line, comments skipped.</summary>
internal static class ServerSentEventReader
{
    public static async IAsyncEnumerable<ThreadEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var data = new StringBuilder();
        string? id = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return Parse(data.ToString(), id);
                }

                data.Clear();
                id = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "data":
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value);
                    break;
                case "id":
                    id = value;
                    break;
                default:
                    // "event" repeats the JSON's type; "retry" and unknown fields do not matter to this reader.
                    break;
            }
        }
    }

    private static ThreadEvent Parse(string data, string? id)
    {
        try
        {
            var threadEvent = JsonSerializer.Deserialize(data, ThreadsHttp.Response<ThreadEvent>())
                ?? throw new JsonException("The event's data is null.");
            return id is not null && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && threadEvent.Id == 0
                ? threadEvent with { Id = parsed }
                : threadEvent;
        }
        catch (JsonException exception)
        {
            throw new ThreadsException(ErrorCodes.Unavailable, $"The silo sent an event that is not a thread event: {exception.Message}", innerException: exception);
        }
    }
}
