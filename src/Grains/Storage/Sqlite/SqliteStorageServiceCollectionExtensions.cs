using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>Adds the SQLite store (one database file, WAL, group commit) as <see cref="IThreadStore"/>, with its options checked at start.</summary>
    public static IServiceCollection AddThreadsSqliteStorage(this IServiceCollection services, Action<SqliteStorageOptions>? configure = null)
    {
        services.AddOptionsWithValidateOnStart<SqliteStorageOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteThreadStore>();
        services.TryAddSingleton<IThreadStore>(static sp => sp.GetRequiredService<SqliteThreadStore>());
        return services;
    }
}
