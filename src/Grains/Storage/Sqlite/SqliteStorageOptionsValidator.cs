using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;

namespace Threads.Grains.Storage.Sqlite;

/// <summary>Checks <see cref="SqliteStorageOptions"/> when the host starts: the declared ranges, then the connection string and the page size.</summary>
public sealed partial class SqliteStorageOptionsValidator() : SectionOptionsValidator<SqliteStorageOptions>(SqliteStorageOptions.SectionName, new Declared())
{
    /// <inheritdoc/>
    protected override void ValidateRules(SqliteStorageOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        if (ConnectionStringProblem(options.ConnectionString) is { } problem)
        {
            failures.Add(problem);
        }

        if ((options.PageSize & (options.PageSize - 1)) != 0)
        {
            failures.Add($"{Section}:PageSize must be a power of two from 512 to 65536.");
        }
    }

    private static string? ConnectionStringProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "Threads:Storage:ConnectionString must be set for the SQLite store.";
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            // The writer and the readers are separate connections: they must share one database file.
            if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            {
                return "Threads:Storage:ConnectionString must name a database file; an in-memory SQLite database is not supported (use the Memory provider).";
            }

            return builder.Mode == SqliteOpenMode.ReadOnly ? "Threads:Storage:ConnectionString must not open the database read-only." : null;
        }
        catch (ArgumentException ex)
        {
            return $"Threads:Storage:ConnectionString is not a valid SQLite connection string: {ex.Message}";
        }
    }

    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<SqliteStorageOptions>;
}
