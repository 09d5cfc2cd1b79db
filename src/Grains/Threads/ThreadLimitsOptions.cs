namespace Threads.Grains.Threads;

/// <summary>The size and count limits a thread enforces; every one is documented in docs/limits.md.</summary>
public sealed class ThreadLimitsOptions
{
    /// <summary>The most bytes of JSON one message may take (its content and metadata).</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>The most messages one append (or create) may carry.</summary>
    /// <value>The default is 100.</value>
    public int MaxMessagesPerAppend { get; set; } = 100;

    /// <summary>The most metadata keys of a thread or message.</summary>
    /// <value>The default is 64.</value>
    public int MaxMetadataKeys { get; set; } = 64;

    /// <summary>The longest metadata key, in characters.</summary>
    /// <value>The default is 64.</value>
    public int MaxMetadataKeyLength { get; set; } = 64;

    /// <summary>The longest metadata value, in characters.</summary>
    /// <value>The default is 512.</value>
    public int MaxMetadataValueLength { get; set; } = 512;

    /// <summary>The longest title, in characters.</summary>
    /// <value>The default is 512.</value>
    public int MaxTitleLength { get; set; } = 512;

    /// <summary>The largest page of threads or messages.</summary>
    /// <value>The default is 200.</value>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>The most bytes of JSON a thread's state may take.</summary>
    /// <value>The default is 256 KiB.</value>
    public int MaxStateBytes { get; set; } = 256 * 1024;

    /// <summary>The longest lock or run lease, in seconds.</summary>
    /// <value>The default is 86,400 (one day).</value>
    public int MaxLeaseSeconds { get; set; } = 86_400;

    /// <summary>The largest file a thread may keep.</summary>
    /// <value>The default is 10 MiB.</value>
    public int MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most files one thread may keep.</summary>
    /// <value>The default is 1,000.</value>
    public int MaxFilesPerThread { get; set; } = 1000;

    /// <summary>The most messages one import may carry.</summary>
    /// <value>The default is 1,000,000.</value>
    public int MaxImportMessages { get; set; } = 1_000_000;

    /// <summary>How many of a thread's newest messages its activation keeps in memory, so that recent history is read without the database.</summary>
    /// <value>The default is 100.</value>
    public int TailCacheSize { get; set; } = 100;

    /// <summary>How long an idempotency key's first result is kept and returned to retries.</summary>
    /// <value>The default is 24 hours.</value>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);
}
