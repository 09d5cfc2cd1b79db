using System.Net;
using Polly;
using Polly.Retry;

namespace Threads.Client.Internal;

/// <summary>
/// The client's one retry policy (Polly): which requests may be sent again, on which failures, and after how long.
/// A 503 <c>unavailable</c> says the silo or its storage could not take the request now; a connection that failed or
/// timed out may or may not have reached it, which is why only requests that are safe to repeat are retried.
/// </summary>
internal static class ThreadsRetry
{
    private static readonly ResiliencePropertyKey<bool> Repeatable = new("threads.repeatable");

    /// <summary>The pipeline for <paramref name="options"/>; an empty one when retries are off.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Create(ThreadsClientOptions options)
    {
        if (options.MaxRetries <= 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay)),
            })
            .Build();
    }

    /// <summary>Marks whether the request in <paramref name="context"/> may be sent more than once.</summary>
    public static void SetRepeatable(ResilienceContext context, HttpRequestMessage request) =>
        context.Properties.Set(Repeatable, IsRepeatable(request));

    /// <summary>A copy of <paramref name="request"/> to send once more (a sent request cannot be sent again); it shares the body, which is bytes held in memory.</summary>
    public static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return copy;
    }

    private static bool IsRepeatable(HttpRequestMessage request) =>
        (request.Content is null or ByteArrayContent)
        && (request.Method == HttpMethod.Get
            || request.Method == HttpMethod.Head
            || request.Method == HttpMethod.Put
            || request.Method == HttpMethod.Delete
            || (request.Method == HttpMethod.Post && request.Headers.Contains("Idempotency-Key")));

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var repeatable = context.Properties.GetValue(Repeatable, false);
        return outcome switch
        {
            { Result.StatusCode: HttpStatusCode.ServiceUnavailable } => repeatable,

            // Nothing was sent when the connection could not be opened: any request may go again.
            { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
            { Exception: HttpRequestException or TaskCanceledException } => repeatable,
            _ => false,
        };
    }

    /// <summary>The silo's <c>Retry-After</c> (seconds or a date), at most <paramref name="max"/>; null (the backoff) when it sent none.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - (response.Headers.Date ?? date) : TimeSpan.Zero);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
    }
}
