using Microsoft.Extensions.DependencyInjection;

namespace Threads.LoadDriver;

/// <summary>The store the measured silos share.</summary>
internal static class Storage
{
    /// <summary>Null means the test cluster's default: one in-memory store shared by its silos.</summary>
    public static Action<IServiceCollection>? Configure(string provider, string sqlitePath) => provider switch
    {
        "memory" => null,
        _ => throw new ArgumentException($"storage={provider} is not available in this build (sqlitePath {sqlitePath}); use storage=memory."),
    };
}
