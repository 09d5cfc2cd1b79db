using System.ComponentModel.DataAnnotations;
using Threads.Grains.Threads;

namespace Threads.Silo.Hosting;

/// <summary>
/// The HTTP server's limits, from <c>Threads:Limits</c> beside the thread limits, against oversized requests and clients
/// that send slowly to hold connections open. Every one is documented in docs/limits.md.
/// </summary>
public sealed class ThreadsRequestLimitsOptions
{
    /// <summary>The configuration section, shared with the thread limits (<see cref="ThreadLimitsOptions"/>).</summary>
    public const string SectionName = ThreadLimitsOptions.SectionName;

    /// <summary>The largest request body; larger is 413 before any of it is used.</summary>
    /// <value>The default is 32 MiB.</value>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most bytes of request headers; more is 431.</summary>
    /// <value>The default is 32 KiB.</value>
    [Range(1, int.MaxValue)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The most request headers; more is 431.</summary>
    /// <value>The default is 100.</value>
    [Range(1, int.MaxValue)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The longest request line (method, path and query); longer is 414.</summary>
    /// <value>The default is 8 KiB.</value>
    [Range(1, int.MaxValue)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>How long a client may take to send its request headers before the connection is closed.</summary>
    /// <value>The default is 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", MinimumIsExclusive = true, ParseLimitsInInvariantCulture = true)]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The slowest a client may send a request body, after <see cref="MinRequestBodyGracePeriod"/>; slower is closed (408).</summary>
    /// <value>The default is 240 bytes per second.</value>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may be slower than <see cref="MinRequestBodyBytesPerSecond"/> before it counts.</summary>
    /// <value>The default is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "10675199.02:48:05.4775807", ParseLimitsInInvariantCulture = true)]
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle keep-alive connection stays open.</summary>
    /// <value>The default is 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", MinimumIsExclusive = true, ParseLimitsInInvariantCulture = true)]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most connections open at once; null for no limit.</summary>
    /// <value>The default is null.</value>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long? MaxConcurrentConnections { get; set; }
}
