namespace Threads.Silo.Hosting;

/// <summary>How the silos of a cluster find each other (Orleans' membership).</summary>
public enum ClusterProvider
{
    /// <summary>One silo on this machine, nothing to install (the default).</summary>
    Localhost,

    /// <summary>Membership in PostgreSQL through Orleans' ADO.NET clustering: any number of silos.</summary>
    AdoNet,

    /// <summary>The host configures Orleans' membership itself, through the silo hook of <c>AddThreadsSilo</c> (as the test cluster does).</summary>
    External,
}
