using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the PostgreSQL store as <see cref="IThreadStore"/>: for several silos over one database. The options are
    /// checked when the host starts; the schema is created by <see cref="IThreadStore.InitializeAsync"/>.
    /// </summary>
    public static IServiceCollection AddThreadsPostgresStorage(this IServiceCollection services, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptionsWithValidateOnStart<PostgresStorageOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostgresThreadStore>();
        services.TryAddSingleton<IThreadStore>(static sp => sp.GetRequiredService<PostgresThreadStore>());
        return services;
    }
}
