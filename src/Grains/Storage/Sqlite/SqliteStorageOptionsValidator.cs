using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Threads.Grains.Storage.Sqlite;

/// <summary>Checks <see cref="SqliteStorageOptions"/> when the host starts.</summary>
public sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Threads:Storage:ConnectionString must be set for the SQLite store.");
        }
        else
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
                // The writer and the readers are separate connections: they must share one database file.
                if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
                {
                    failures.Add("Threads:Storage:ConnectionString must name a database file; an in-memory SQLite database is not supported (use the Memory provider).");
                }
                else if (builder.Mode == SqliteOpenMode.ReadOnly)
                {
                    failures.Add("Threads:Storage:ConnectionString must not open the database read-only.");
                }
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Threads:Storage:ConnectionString is not a valid SQLite connection string: {ex.Message}");
            }
        }

        if (!Enum.IsDefined(options.Durability))
        {
            failures.Add("Threads:Storage:Sqlite:Durability must be Full or Normal.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            failures.Add("Threads:Storage:Sqlite:BusyTimeout must be positive.");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add("Threads:Storage:Sqlite:MaxBatchSize must be at least 1.");
        }

        if (options.FoldSize is < 16 or > 65536)
        {
            failures.Add("Threads:Storage:Sqlite:FoldSize must be from 16 to 65536.");
        }

        if (options.PageSize is < 512 or > 65536 || (options.PageSize & (options.PageSize - 1)) != 0)
        {
            failures.Add("Threads:Storage:Sqlite:PageSize must be a power of two from 512 to 65536.");
        }

        if (options.MaxIdleReadConnections < 0)
        {
            failures.Add("Threads:Storage:Sqlite:MaxIdleReadConnections must be 0 or more.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
