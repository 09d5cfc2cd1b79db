using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;
using Threads.Grains.Hosting.Internal;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres.Clustering;

/// <summary>
/// Creates Orleans' membership tables and queries before the silo joins its cluster, in the silo's start
/// (<see cref="StartupStages.Clustering"/>), waiting for the database if it does not answer yet.
/// </summary>
internal sealed class PostgresClusteringSchemaInitializer(
    string connectionString,
    IOptions<StorageStartupOptions> options,
    TimeProvider time,
    ILogger<PostgresClusteringSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresClusteringSchemaInitializer), StartupStages.Clustering, CreateAsync);

    private Task CreateAsync(CancellationToken cancellationToken) =>
        StartupRetry.RunAsync(
            "the membership database, " + PostgresFaults.Describe(connectionString),
            token => PostgresClusteringSchema.EnsureCreatedAsync(connectionString, token),
            static e => PostgresFaults.Classify(e) == StorageFault.Unavailable,
            options.Value.StartupTimeout,
            time,
            logger,
            cancellationToken);
}
