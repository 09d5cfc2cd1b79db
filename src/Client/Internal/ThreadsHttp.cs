using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary>Sends the API's requests and turns problem responses back into typed exceptions.</summary>
internal sealed class ThreadsHttp(HttpClient http, ThreadsClientOptions options)
{
    private readonly ResiliencePipeline<HttpResponseMessage> _retry = ThreadsRetry.Create(options);

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// Responses are read with the contract's types but leniently: unknown fields are skipped, so that a newer silo
    /// that adds one does not break an older client, and absent ones (the last page's <c>nextCursor</c>) read as null.
    /// Requests are written by the contract's own context.
    /// </summary>
    private static readonly JsonSerializerOptions ResponseOptions = new(ThreadsJsonContext.Default.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        RespectRequiredConstructorParameters = false,
    };

    public static JsonTypeInfo<T> Response<T>() => (JsonTypeInfo<T>)ResponseOptions.GetTypeInfo(typeof(T));

    public static HttpContent Body<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = Json;
        return content;
    }

    public static HttpContent Body(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>The answer's body, its status, and whether it replays an earlier request with the same idempotency key (<c>Idempotent-Replayed: true</c>).</summary>
    public async Task<(T Value, HttpStatusCode Status, bool Replayed)> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        var value = await ReadBodyAsync(() => response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)).ConfigureAwait(false)
            ?? throw new ThreadsException(ErrorCodes.Unavailable, $"The silo answered {request.Method} {request.RequestUri} with an empty body.");
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase);
        return (value, response.StatusCode, replayed);
    }

    public async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request whose answer is raw bytes (a file), with the response's media type.</summary>
    public async Task<(byte[] Content, string? MediaType)> SendForBytesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        var content = await ReadBodyAsync(() => response.Content.ReadAsByteArrayAsync(cancellationToken)).ConfigureAwait(false);
        return (content, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>Reads a response's body; a connection lost while it is read (the silo stopped, say) is the silo being unavailable.</summary>
    private static async Task<T> ReadBodyAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            throw new ThreadsException(ErrorCodes.Unavailable, $"The silo's answer was cut off: {exception.Message}", innerException: exception);
        }
    }

    /// <summary>Sends a request whose answer is read as a stream (an event stream); the caller disposes the response.</summary>
    public Task<HttpResponseMessage> OpenAsync(HttpRequestMessage request, CancellationToken cancellationToken) => SendCoreAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (ThreadsRequestContext.LockToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("Lock-Token", token.ToString(CultureInfo.InvariantCulture));
        }

        HttpResponseMessage response;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            ThreadsRetry.SetRepeatable(context, request);
            response = await _retry.ExecuteAsync(
                static (context, state) => new ValueTask<HttpResponseMessage>(
                    state.http.SendAsync(ThreadsRetry.Copy(state.request), HttpCompletionOption.ResponseHeadersRead, context.CancellationToken)),
                context,
                (http, request)).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new ThreadsException(ErrorCodes.Unavailable, $"The silo could not be reached: {exception.Message}", innerException: exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ThreadsException(ErrorCodes.Unavailable, "The silo did not answer in time.", innerException: exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            request.Dispose();
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ThreadsException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        Problem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync(Response<Problem>(), cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not a problem document (a proxy's page, say): fall back to the status alone.
            }
        }

        var code = problem?.Code ?? ProblemStatus.CodeOf(status) ?? ErrorCodes.Unavailable;
        var detail = problem?.Detail ?? string.Create(CultureInfo.InvariantCulture, $"The silo answered {status} {response.ReasonPhrase}.");
        return code == ErrorCodes.Locked
            ? new LockedException(detail, problem?.Holder, problem?.ExpiresAt)
            : ThreadsException.FromCode(code, detail, problem?.Errors);
    }
}
