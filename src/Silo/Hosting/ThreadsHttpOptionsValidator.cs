using Microsoft.Extensions.Options;

namespace Threads.Silo.Hosting;

/// <summary>Refuses at start HTTP options that cannot work.</summary>
internal sealed class ThreadsHttpOptionsValidator : IValidateOptions<ThreadsHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, ThreadsHttpOptions options)
    {
        var failures = new List<string>();
        if (options.MaxImportBytes <= 0)
        {
            failures.Add($"{ThreadsHttpOptions.SectionName}:MaxImportBytes must be positive.");
        }

        if (options.EventHeartbeatInterval <= TimeSpan.Zero)
        {
            failures.Add($"{ThreadsHttpOptions.SectionName}:EventHeartbeatInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
