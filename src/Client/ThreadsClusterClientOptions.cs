namespace Threads.Client;

/// <summary>How a .NET app inside the cluster's network reaches the silos' gateways as an Orleans cluster client.</summary>
public sealed class ThreadsClusterClientOptions
{
    /// <summary>Where the gateways are listed: <c>Localhost</c> (one silo on this machine) or <c>AdoNet</c> (the silos' membership in PostgreSQL).</summary>
    /// <value>The default is <c>Localhost</c>.</value>
    public string Provider { get; set; } = "Localhost";

    /// <summary>The membership database, for <c>AdoNet</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The cluster to join; the silos' <c>Threads:Cluster:ClusterId</c>.</summary>
    /// <value>The default is <c>threads</c>.</value>
    public string ClusterId { get; set; } = "threads";

    /// <summary>The silos' <c>Threads:Cluster:ServiceId</c>.</summary>
    /// <value>The default is <c>threads</c>.</value>
    public string ServiceId { get; set; } = "threads";

    /// <summary>The gateway port of the local silo, for <c>Localhost</c>.</summary>
    /// <value>The default is 30000.</value>
    public int GatewayPort { get; set; } = 30000;
}
