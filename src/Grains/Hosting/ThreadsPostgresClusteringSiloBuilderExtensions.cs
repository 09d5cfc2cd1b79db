using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Threads.Grains.Storage.Postgres.Clustering;

namespace Orleans.Hosting;

/// <summary>Orleans' ADO.NET membership on PostgreSQL, with the tables and queries that its provider expects.</summary>
public static class ThreadsPostgresClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the cluster's membership in the PostgreSQL database <paramref name="connectionString"/> names, and creates
    /// its tables and the provider's queries at start (idempotent, safe when several silos start at once).
    /// </summary>
    public static ISiloBuilder UseThreadsPostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddSingleton<IHostedService>(new PostgresClusteringSchemaInitializer(connectionString));
        return builder.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
        });
    }
}
