namespace Threads.Silo.Hosting.Health;

/// <summary>
/// The silo's readiness checks (Microsoft.Extensions.Diagnostics.HealthChecks): <c>/readyz</c> runs every check tagged
/// <see cref="ReadyTag"/>, so an application adds its own with
/// <c>builder.Services.AddHealthChecks().AddCheck("name", check, tags: [ThreadsHealthChecks.ReadyTag])</c>.
/// </summary>
public static class ThreadsHealthChecks
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The storage check's name.</summary>
    public const string Storage = "storage";

    /// <summary>The cluster check's name.</summary>
    public const string Cluster = "cluster";

    /// <summary>The storage does not answer, or did not take a write in time.</summary>
    public const string StorageUnreachable = "storage unreachable";

    /// <summary>The storage has no space left for writes.</summary>
    public const string StorageFull = "storage full";

    /// <summary>The silo is starting: waiting for its storage, or not yet active in its cluster.</summary>
    public const string JoiningCluster = "joining cluster";

    /// <summary>The silo is stopping and leaving its cluster.</summary>
    public const string LeavingCluster = "leaving cluster";
}
