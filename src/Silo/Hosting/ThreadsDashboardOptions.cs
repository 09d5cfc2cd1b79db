namespace Threads.Silo.Hosting;

/// <summary>Orleans' dashboard on the silo's HTTP port, bound from <c>Threads:Dashboard</c>.</summary>
public sealed class ThreadsDashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:Dashboard";

    /// <summary>Where the dashboard is served: its page, assets and the API its page polls.</summary>
    public const string Path = "/dashboard";

    /// <summary>
    /// Serves Orleans' dashboard (silos, grain activations, calls, logs) at <see cref="Path"/>; with keys configured,
    /// only to an admin key for every namespace.
    /// </summary>
    /// <value>The default is false.</value>
    public bool Enabled { get; set; }
}
