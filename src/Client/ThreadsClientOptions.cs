namespace Threads.Client;

/// <summary>Where <see cref="ThreadsClient"/> finds the silo, and the key it calls with.</summary>
public sealed class ThreadsClientOptions
{
    /// <summary>The silo's base address; the API's routes (<c>v1/namespaces/…</c>) are resolved against it.</summary>
    /// <value>The default is <c>http://127.0.0.1:5170/</c>.</value>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:5170/");

    /// <summary>The API key sent as <c>Authorization: Bearer &lt;key&gt;</c> with every request, when the silo has keys configured.</summary>
    /// <value>The default is null: no credentials.</value>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How many times a request is sent again after a retryable failure: a 503 <c>unavailable</c> (after its
    /// <c>Retry-After</c>), or a connection that failed or timed out. Only requests that are safe to repeat are retried:
    /// GET, PUT and DELETE, and POSTs that carry an <c>Idempotency-Key</c> (every append does: the client adds one when
    /// the caller gave none); any request whose connection could not even be opened. 0 turns retries off.
    /// </summary>
    /// <value>The default is 6.</value>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The wait before the first retry when the silo sent no <c>Retry-After</c>; it doubles on each retry, with jitter.</summary>
    /// <value>The default is 200 milliseconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts, whatever <c>Retry-After</c> says.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
