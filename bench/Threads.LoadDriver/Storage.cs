using Microsoft.Extensions.DependencyInjection;
using Threads.Grains.Storage.Sqlite;

namespace Threads.LoadDriver;

/// <summary>The store the measured silos share.</summary>
internal static class Storage
{
    /// <summary>Null means the test cluster's default: one in-memory store shared by its silos.</summary>
    public static Action<IServiceCollection>? Configure(string provider, string sqlitePath, SqliteDurability durability) => provider switch
    {
        "memory" => null,
        "sqlite" => s => s.AddThreadsSqliteStorage(o =>
        {
            o.ConnectionString = $"Data Source={sqlitePath}";
            o.Durability = durability;
        }),
        _ => throw new ArgumentException($"storage={provider}: use sqlite (durable, the default) or memory."),
    };
}
