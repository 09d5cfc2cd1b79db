using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary>The state and lock calls of <see cref="IThreadGrain"/> over HTTP.</summary>
internal sealed partial class HttpThreadGrain
{
    public async Task<ThreadStateSnapshot> GetStateAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"{_thread}/state");
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadStateSnapshot>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<StateChangeResult> ReplaceStateAsync(JsonElement state, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, $"{_thread}/state") { Content = ThreadsHttp.Body(StateBody(state)) };
        IfMatch(message, expectedVersion);
        return (await http.SendAsync(message, ThreadsHttp.Response<StateChangeResult>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<StateChangeResult> PatchStateAsync(JsonElement patch, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(patch, ThreadsJsonContext.Default.JsonElement));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var message = new HttpRequestMessage(HttpMethod.Patch, $"{_thread}/state") { Content = content };
        IfMatch(message, expectedVersion);
        return (await http.SendAsync(message, ThreadsHttp.Response<StateChangeResult>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<LockInfo> AcquireLockAsync(AcquireLockRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_thread}/lock") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.AcquireLockRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<LockInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<LockStatus> GetLockAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"{_thread}/lock");
        return (await http.SendAsync(message, ThreadsHttp.Response<LockStatus>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task ReleaseLockAsync(long token, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, $"{_thread}/lock");
        message.Headers.TryAddWithoutValidation("Lock-Token", token.ToString(CultureInfo.InvariantCulture));
        using (ThreadsRequestContext.WithLockToken(null))
        {
            await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private static byte[] StateBody(JsonElement state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("state"u8);
            state.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
