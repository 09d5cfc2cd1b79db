using System.ComponentModel.DataAnnotations;

namespace Threads.Silo.Hosting;

/// <summary>
/// The <c>Threads:RateLimit</c> section: a token bucket per API key (per client IP address for calls without a known
/// key) over the <c>/v1</c> routes. Over the limit is 429 with <c>Retry-After</c>.
/// </summary>
public sealed class ThreadsRateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:RateLimit";

    /// <summary>The calls a key may make per second, on average; 0 turns rate limiting off.</summary>
    /// <value>The default is 0: off.</value>
    [Range(0, int.MaxValue)]
    public int PermitsPerSecond { get; set; }

    /// <summary>The calls a key may make at once after being idle (the bucket's size); 0 means <see cref="PermitsPerSecond"/>.</summary>
    /// <value>The default is 0.</value>
    [Range(0, int.MaxValue)]
    public int Burst { get; set; }

    /// <summary>True when calls are limited.</summary>
    public bool IsEnabled => PermitsPerSecond > 0;
}
