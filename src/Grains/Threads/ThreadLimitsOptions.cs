using System.ComponentModel.DataAnnotations;

namespace Threads.Grains.Threads;

/// <summary>The size and count limits a thread enforces; every one is documented in docs/limits.md.</summary>
public sealed class ThreadLimitsOptions
{
    /// <summary>The configuration section (shared with the HTTP server's limits, <c>ThreadsRequestLimitsOptions</c>).</summary>
    public const string SectionName = "Threads:Limits";

    /// <summary>The most bytes of JSON one message may take (its content and metadata).</summary>
    /// <value>The default is 1 MiB.</value>
    [Range(1, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>The most messages one append (or create) may carry.</summary>
    /// <value>The default is 100.</value>
    [Range(1, int.MaxValue)]
    public int MaxMessagesPerAppend { get; set; } = 100;

    /// <summary>The most metadata keys of a thread or message.</summary>
    /// <value>The default is 64.</value>
    [Range(1, int.MaxValue)]
    public int MaxMetadataKeys { get; set; } = 64;

    /// <summary>The longest metadata key, in characters.</summary>
    /// <value>The default is 64.</value>
    [Range(1, int.MaxValue)]
    public int MaxMetadataKeyLength { get; set; } = 64;

    /// <summary>The longest metadata value, in characters.</summary>
    /// <value>The default is 512.</value>
    [Range(1, int.MaxValue)]
    public int MaxMetadataValueLength { get; set; } = 512;

    /// <summary>The longest title, in characters.</summary>
    /// <value>The default is 512.</value>
    [Range(1, int.MaxValue)]
    public int MaxTitleLength { get; set; } = 512;

    /// <summary>The largest page of threads or messages.</summary>
    /// <value>The default is 200.</value>
    [Range(1, int.MaxValue)]
    public int MaxPageSize { get; set; } = 200;

    /// <summary>The most bytes of JSON a thread's state may take.</summary>
    /// <value>The default is 256 KiB.</value>
    [Range(1, int.MaxValue)]
    public int MaxStateBytes { get; set; } = 256 * 1024;

    /// <summary>The longest lock or run lease, in seconds.</summary>
    /// <value>The default is 86,400 (one day).</value>
    [Range(1, int.MaxValue)]
    public int MaxLeaseSeconds { get; set; } = 86_400;

    /// <summary>The largest file a thread may keep.</summary>
    /// <value>The default is 10 MiB.</value>
    [Range(1, int.MaxValue)]
    public int MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most files one thread may keep.</summary>
    /// <value>The default is 1,000.</value>
    [Range(1, int.MaxValue)]
    public int MaxFilesPerThread { get; set; } = 1000;

    /// <summary>The most messages one import may carry.</summary>
    /// <value>The default is 1,000,000.</value>
    [Range(1, int.MaxValue)]
    public int MaxImportMessages { get; set; } = 1_000_000;

    /// <summary>How many of a thread's newest messages its activation keeps in memory, so that recent history is read without the database.</summary>
    /// <value>The default is 100.</value>
    [Range(1, int.MaxValue)]
    public int TailCacheSize { get; set; } = 100;

    /// <summary>How long an idempotency key's first result is kept and returned to retries.</summary>
    /// <value>The default is 24 hours.</value>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", MinimumIsExclusive = true, ParseLimitsInInvariantCulture = true)]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);
}
