using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;

namespace Threads.Silo.Hosting;

/// <summary>Checks <see cref="ThreadsStorageOptions"/> at start, so a bad setting stops the silo before it listens.</summary>
internal sealed partial class ThreadsStorageOptionsValidator() : SectionOptionsValidator<ThreadsStorageOptions>(ThreadsStorageOptions.SectionName, new Declared())
{
    protected override void ValidateRules(ThreadsStorageOptions options, List<string> failures)
    {
        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Section}:ConnectionString is required for the Postgres provider.");
        }
    }

    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<ThreadsStorageOptions>;
}
