using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;
using Threads.Grains.Storage.Postgres.Clustering;

namespace Orleans.Hosting;

/// <summary>Orleans' ADO.NET membership on PostgreSQL, with the tables and queries that its provider expects.</summary>
public static class ThreadsPostgresClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the cluster's membership in the PostgreSQL database <paramref name="connectionString"/> names, and creates
    /// its tables and the provider's queries at start (idempotent, safe when several silos start at once), waiting
    /// for the database (<see cref="StorageStartupOptions"/>) if it does not answer yet.
    /// </summary>
    public static ISiloBuilder UseThreadsPostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddOptions<StorageStartupOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new PostgresClusteringSchemaInitializer(
            connectionString,
            sp.GetRequiredService<IOptions<StorageStartupOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresClusteringSchemaInitializer>>()));
        return builder.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
        });
    }
}
