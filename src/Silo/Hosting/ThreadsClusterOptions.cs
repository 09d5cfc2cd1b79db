using System.Net;
using System.Text.RegularExpressions;

namespace Threads.Silo.Hosting;

/// <summary>The <c>Threads:Cluster</c> section: how this silo joins its Orleans cluster.</summary>
public sealed partial class ThreadsClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:Cluster";

    /// <summary>The membership provider.</summary>
    /// <value>The default is <see cref="ClusterProvider.Localhost"/>.</value>
    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>The membership database, for <see cref="ClusterProvider.AdoNet"/>.</summary>
    /// <value>The default is null: the storage's connection string, when the storage is PostgreSQL.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    /// <value>The default is <c>threads</c>.</value>
    public string ClusterId { get; set; } = "threads";

    /// <summary>The service's id, kept across deployments of the cluster.</summary>
    /// <value>The default is <c>threads</c>.</value>
    public string ServiceId { get; set; } = "threads";

    /// <summary>Orleans' silo-to-silo port.</summary>
    /// <value>The default is 11111.</value>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans' port for cluster clients.</summary>
    /// <value>The default is 30000.</value>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address the other silos and clients reach this one at.</summary>
    /// <value>The default is 127.0.0.1.</value>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The problems of these settings, each naming its key; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        List<string> problems = [];
        if (!Enum.IsDefined(Provider))
        {
            problems.Add($"{SectionName}:Provider must be Localhost or AdoNet.");
        }

        if (Provider == ClusterProvider.AdoNet && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{SectionName}:ConnectionString is required for the AdoNet provider (it defaults to the storage's when the storage is Postgres).");
        }

        if (!IdRegex().IsMatch(ClusterId))
        {
            problems.Add($"{SectionName}:ClusterId must match ^[A-Za-z0-9][A-Za-z0-9._-]{{0,63}}$.");
        }

        if (!IdRegex().IsMatch(ServiceId))
        {
            problems.Add($"{SectionName}:ServiceId must match ^[A-Za-z0-9][A-Za-z0-9._-]{{0,63}}$.");
        }

        if (SiloPort is < 1 or > 65535)
        {
            problems.Add($"{SectionName}:SiloPort must be from 1 to 65535.");
        }

        if (GatewayPort is < 1 or > 65535 || GatewayPort == SiloPort)
        {
            problems.Add($"{SectionName}:GatewayPort must be from 1 to 65535 and differ from SiloPort.");
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            problems.Add($"{SectionName}:AdvertisedAddress must be an IP address.");
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdRegex();
}
