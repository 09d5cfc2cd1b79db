using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Threads.Grains.Storage.Postgres;

/// <summary>Checks <see cref="PostgresStorageOptions"/> when the host starts.</summary>
public sealed partial class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Threads:Storage:ConnectionString is required for the Postgres provider.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException e)
            {
                failures.Add($"Threads:Storage:ConnectionString is not a valid Npgsql connection string: {e.Message}");
            }
        }

        if (!SchemaRegex().IsMatch(options.Schema ?? string.Empty))
        {
            failures.Add("Threads:Storage:Postgres:Schema must be a lowercase identifier: ^[a-z_][a-z0-9_]{0,46}$.");
        }

        if (options.MaxAppendBatch is < 1 or > 1000)
        {
            failures.Add("Threads:Storage:Postgres:MaxAppendBatch must be between 1 and 1000.");
        }

        if (options.AppendWriters is < 1 or > 64)
        {
            failures.Add("Threads:Storage:Postgres:AppendWriters must be between 1 and 64.");
        }

        if (options.AppendLinger < TimeSpan.Zero || options.AppendLinger > TimeSpan.FromMilliseconds(100))
        {
            failures.Add("Threads:Storage:Postgres:AppendLinger must be from 0 to 100 ms (00:00:00.1).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,46}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaRegex();
}
