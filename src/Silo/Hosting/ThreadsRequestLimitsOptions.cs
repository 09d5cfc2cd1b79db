namespace Threads.Silo.Hosting;

/// <summary>
/// The HTTP server's limits, from <c>Threads:Limits</c> beside the thread limits, against oversized requests and clients
/// that send slowly to hold connections open. Every one is documented in docs/limits.md.
/// </summary>
public sealed class ThreadsRequestLimitsOptions
{
    /// <summary>The configuration section (shared with the thread limits).</summary>
    public const string SectionName = "Threads:Limits";

    /// <summary>The largest request body; larger is 413 before any of it is used.</summary>
    /// <value>The default is 32 MiB.</value>
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most bytes of request headers; more is 431.</summary>
    /// <value>The default is 32 KiB.</value>
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The most request headers; more is 431.</summary>
    /// <value>The default is 100.</value>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The longest request line (method, path and query); longer is 414.</summary>
    /// <value>The default is 8 KiB.</value>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>How long a client may take to send its request headers before the connection is closed.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The slowest a client may send a request body, after <see cref="MinRequestBodyGracePeriod"/>; slower is closed (408).</summary>
    /// <value>The default is 240 bytes per second.</value>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may be slower than <see cref="MinRequestBodyBytesPerSecond"/> before it counts.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle keep-alive connection stays open.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most connections open at once; null for no limit.</summary>
    /// <value>The default is null.</value>
    public long? MaxConcurrentConnections { get; set; }
}
