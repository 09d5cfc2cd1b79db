namespace Threads.Grains.Storage.Postgres;

/// <summary>Settings of the PostgreSQL store.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The Npgsql connection string (<c>Host=…;Username=…;Database=…</c>); required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema that holds the tables (a lowercase identifier of at most 47 characters); created if missing.</summary>
    /// <value>The default is <c>public</c>.</value>
    public string Schema { get; set; } = "public";

    /// <summary>How many appends at most share one transaction (group commit).</summary>
    /// <value>The default is 64.</value>
    public int MaxAppendBatch { get; set; } = 64;

    /// <summary>
    /// How many connections commit batches of appends side by side. Under load a writer does not wait for the server's
    /// disk flush (a separate flush answers its batches), so one writer is kept busy and makes the largest batches;
    /// more suit a server with many cores, where several batches can execute at once.
    /// </summary>
    /// <value>The default is 1.</value>
    public int AppendWriters { get; set; } = 1;

    /// <summary>
    /// How long a writer holds a batch smaller than its last one, waiting for more appends, before it commits it. Callers
    /// that append back to back come back a few hundred microseconds after their answer; waiting for them makes one
    /// batch, one statement and one flush of what would be two. Zero commits at once.
    /// </summary>
    /// <value>The default is 300 µs.</value>
    public TimeSpan AppendLinger { get; set; } = TimeSpan.FromMicroseconds(300);
}
