using System.ComponentModel.DataAnnotations;

namespace Threads.Silo.Hosting;

/// <summary>The retention policy, bound from <c>Threads:Retention</c>: per namespace, how old a thread may get and how many messages it keeps.</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:Retention";

    /// <summary>How often the policy is applied.</summary>
    /// <value>The default is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", MinimumIsExclusive = true, ParseLimitsInInvariantCulture = true)]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The policy of each namespace, by namespace; a namespace not listed keeps everything.</summary>
    /// <value>The default is empty: nothing is ever deleted.</value>
    public Dictionary<string, NamespaceRetentionOptions> Namespaces { get; } = new(StringComparer.Ordinal);
}
