using Microsoft.Extensions.Options;

namespace Threads.Silo.Hosting;

/// <summary>Checks <see cref="ThreadsStorageOptions"/> at start, so a bad setting stops the silo before it listens.</summary>
internal sealed class ThreadsStorageOptionsValidator : IValidateOptions<ThreadsStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, ThreadsStorageOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"{ThreadsStorageOptions.SectionName}:Provider must be Sqlite, Postgres or Memory.");
        }

        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{ThreadsStorageOptions.SectionName}:ConnectionString is required for the Postgres provider.");
        }

        return ValidateOptionsResult.Success;
    }
}
