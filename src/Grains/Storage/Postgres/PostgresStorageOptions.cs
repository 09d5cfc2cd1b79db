using System.ComponentModel.DataAnnotations;

namespace Threads.Grains.Storage.Postgres;

/// <summary>Settings of the PostgreSQL store.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The configuration section of the store's own settings (its connection string is <c>Threads:Storage:ConnectionString</c>).</summary>
    public const string SectionName = "Threads:Storage:Postgres";

    /// <summary>The Npgsql connection string (<c>Host=…;Username=…;Database=…</c>); required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema that holds the tables (a lowercase identifier of at most 47 characters); created if missing.</summary>
    /// <value>The default is <c>public</c>.</value>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,46}\\z")]
    public string Schema { get; set; } = "public";

    /// <summary>How many appends at most share one transaction (group commit).</summary>
    /// <value>The default is 64.</value>
    [Range(1, 1000)]
    public int MaxAppendBatch { get; set; } = 64;

    /// <summary>
    /// How many connections commit batches of appends side by side. Under load a writer does not wait for the server's
    /// disk flush (a separate flush answers its batches), so one writer is kept busy and makes the largest batches;
    /// more suit a server with many cores, where several batches can execute at once.
    /// </summary>
    /// <value>The default is 1.</value>
    [Range(1, 64)]
    public int AppendWriters { get; set; } = 1;

    /// <summary>
    /// How long a writer holds a batch smaller than its last one, waiting for more appends, before it commits it. Callers
    /// that append back to back come back a few hundred microseconds after their answer; waiting for them makes one
    /// batch, one statement and one flush of what would be two. Zero commits at once.
    /// </summary>
    /// <value>The default is 300 µs.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.1", ParseLimitsInInvariantCulture = true)]
    public TimeSpan AppendLinger { get; set; } = TimeSpan.FromMicroseconds(300);
}
