using System.Text.Json;

namespace Threads.Silo.Tests.Events;

/// <summary>A raw Server-Sent Events response read line by line, with a deadline on every read so a missing event fails instead of hanging.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream and reads up to its opening comment, after which every new event is delivered.</summary>
    public static async Task<EventStream> OpenAsync(HttpClient http, string uri, long? lastEventId = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (lastEventId is { } id)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var stream = new EventStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        if (response.IsSuccessStatusCode)
        {
            Assert.Equal(": stream open", await stream.ReadLineAsync());
            Assert.Equal(string.Empty, await stream.ReadLineAsync());
        }

        return stream;
    }

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return await _reader.ReadLineAsync(timeout.Token);
    }

    /// <summary>The next event (comments skipped), or null at the end of the stream.</summary>
    public async Task<SentEvent?> ReadEventAsync()
    {
        string? id = null, type = null, data = null;
        while (await ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && data is not null)
            {
                return new SentEvent(long.Parse(id!, System.Globalization.CultureInfo.InvariantCulture), type!, JsonDocument.Parse(data).RootElement.Clone());
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
