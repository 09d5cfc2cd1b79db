using Microsoft.Extensions.Hosting;

namespace Threads.Grains.Storage.Postgres.Clustering;

/// <summary>Creates Orleans' membership tables and queries before the silo joins its cluster.</summary>
/// <remarks>Runs in <see cref="StartingAsync"/>, which every hosted service finishes before any starts, Orleans' silo included.</remarks>
internal sealed class PostgresClusteringSchemaInitializer(string connectionString) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => PostgresClusteringSchema.EnsureCreatedAsync(connectionString, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
