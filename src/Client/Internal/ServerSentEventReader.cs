using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Threads.Grains;

namespace Threads.Client.Internal;

/// <summary>Reads a <c>text/event-stream</c> into <see cref="ThreadEvent"/>s with the runtime's <see cref="SseParser"/>; comments are skipped there.</summary>
internal static class ServerSentEventReader
{
    public static async IAsyncEnumerable<ThreadEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The event type repeats the JSON's "type", so only the data and the id matter here.
        var parser = SseParser.Create<ThreadEvent?>(stream, static (_, data) => data.IsEmpty ? null : Parse(data));
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Data is not { } threadEvent)
            {
                continue;
            }

            yield return item.EventId is { } id && threadEvent.Id == 0 && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? threadEvent with { Id = parsed }
                : threadEvent;
        }
    }

    private static ThreadEvent Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, ThreadsHttp.Response<ThreadEvent>())
                ?? throw new JsonException("The event's data is null.");
        }
        catch (JsonException exception)
        {
            throw new ThreadsException(ErrorCodes.Unavailable, $"The silo sent an event that is not a thread event: {exception.Message}", innerException: exception);
        }
    }
}
