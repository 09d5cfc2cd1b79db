using System.ComponentModel.DataAnnotations;

namespace Threads.Silo.Hosting;

/// <summary>Limits and timings of the silo's HTTP side, bound from <c>Threads:Http</c>; every one is in docs/limits.md.</summary>
public sealed class ThreadsHttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:Http";

    /// <summary>The largest body <c>POST /threads/import</c> accepts, in bytes; the import is held in memory while it is applied.</summary>
    /// <value>The default is 128 MiB.</value>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxImportBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How often an idle event stream sends a comment line, so that proxies and clients see it is alive.</summary>
    /// <value>The default is 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", MinimumIsExclusive = true, ParseLimitsInInvariantCulture = true)]
    public TimeSpan EventHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
