using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>Which PostgreSQL failures are transient and which mean the disk is full (<see cref="PostgresFaults"/>).</summary>
public sealed partial class PostgresThreadStore
{
    /// <inheritdoc/>
    public string Target => PostgresFaults.Describe(_options.ConnectionString);

    /// <inheritdoc/>
    /// <remarks>See <see cref="PostgresFaults.Classify"/>.</remarks>
    public StorageFault Classify(Exception exception) => PostgresFaults.Classify(exception);

    /// <inheritdoc/>
    /// <remarks>A transaction with an id (<c>txid_current()</c>): its commit writes and flushes WAL, as every write does.</remarks>
    public async Task ProbeWritesAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT txid_current()");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
