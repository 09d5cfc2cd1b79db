using Npgsql;

namespace Threads.Grains.Storage.Postgres.Clustering;

/// <summary>
/// The tables, functions and queries (rows of OrleansQuery) that Orleans' ADO.NET clustering provider needs in
/// PostgreSQL: the provider ships no SQL and refuses to start without them. The script is the embedded clustering.sql.
/// </summary>
internal static class PostgresClusteringSchema
{
    private const string ScriptResource = "Threads.Grains.Storage.Postgres.Clustering.clustering.sql";

    // Keyed by schema: clusters in two schemas of one database need not wait for each other. The prefix keeps the key
    // apart from the thread store's own schema lock.
    private const string LockSql =
        "SELECT pg_advisory_xact_lock(hashtextextended('threads-orleans-clustering:' || coalesce(current_schema(), ''), 0))";

    /// <summary>
    /// Creates what is missing and brings the query texts up to date, in the first schema of the connection's
    /// search_path (where the provider, using the same connection string, will look for them). Safe to run from
    /// several silos at once and on every start.
    /// </summary>
    /// <param name="connectionString">The PostgreSQL connection string the clustering provider is given.</param>
    /// <param name="cancellationToken">Cancels the work; the transaction is then rolled back and nothing changes.</param>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var script = await ReadScriptAsync(cancellationToken).ConfigureAwait(false);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // IF NOT EXISTS and OR REPLACE are not safe against each other: two sessions creating the same table can both
        // pass the check and one then fails on the catalog's unique index, and two replacing one function fail with
        // "tuple concurrently updated". One transaction-scoped lock makes silos starting together take turns; the
        // later ones find everything there. It is released by the commit or the rollback, whatever happens.
        await using (var lockCommand = new NpgsqlCommand(LockSql, connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand(script, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> ReadScriptAsync(CancellationToken cancellationToken)
    {
        var assembly = typeof(PostgresClusteringSchema).Assembly;
        await using var stream = assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"Missing embedded resource {ScriptResource}.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
