using Microsoft.Extensions.DependencyInjection;

namespace Threads.TestingHost;

/// <summary>How a <see cref="ThreadsTestCluster"/> is built: plain delegates and values, no configurator classes.</summary>
public sealed class ThreadsTestClusterOptions
{
    /// <summary>How many silos <see cref="ThreadsTestCluster.DeployAsync"/> starts.</summary>
    /// <value>The default is 2.</value>
    public int SiloCount { get; set; } = 2;

    /// <summary>
    /// Registers each silo's <c>IThreadStore</c>; every silo must reach the same data. When null, the silos use the
    /// store <see cref="Configuration"/> names (<c>Threads:Storage:Provider</c> and <c>ConnectionString</c>), or, if it
    /// names none, share one in-memory store that outlives them, so a restarted silo finds what its predecessor wrote.
    /// </summary>
    public Action<IServiceCollection>? ConfigureStorage { get; set; }

    /// <summary>Runs on each silo's services after the silo's own, to replace or add some (a fake <see cref="TimeProvider"/>, say).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Runs on each Orleans silo after the test cluster's own settings (membership options, more grains…).</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; set; }

    /// <summary>Configuration given to every silo, over its defaults (<c>Threads:Limits:MaxPageSize</c>, <c>Logging:LogLevel:Default</c>…).</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}
