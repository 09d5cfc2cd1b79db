namespace Threads.Grains.Hosting;

/// <summary>How long a silo waits at start for its databases (the storage, the membership) to answer.</summary>
public sealed class StorageStartupOptions
{
    /// <summary>How long to wait for a database that does not answer before the silo gives up starting (it then exits with code 1); null waits for ever.</summary>
    /// <value>The default is null: wait for ever, retrying with backoff, while <c>/healthz</c> answers and <c>/readyz</c> says why it is not ready.</value>
    public TimeSpan? StartupTimeout { get; set; }
}
