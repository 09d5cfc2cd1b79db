using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Hosting;

namespace Threads.Grains.Storage.Postgres;

/// <summary>Checks <see cref="PostgresStorageOptions"/> when the host starts: the declared ranges and schema name, then the connection string.</summary>
public sealed partial class PostgresStorageOptionsValidator() : SectionOptionsValidator<PostgresStorageOptions>(PostgresStorageOptions.SectionName, new Declared())
{
    /// <inheritdoc/>
    protected override void ValidateRules(PostgresStorageOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Threads:Storage:ConnectionString is required for the Postgres provider.");
            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            failures.Add($"Threads:Storage:ConnectionString is not a valid Npgsql connection string: {e.Message}");
        }
    }

    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<PostgresStorageOptions>;
}
