using Microsoft.Extensions.Options;
using Threads.Grains;

namespace Threads.Silo.Hosting;

/// <summary>Refuses at start a retention policy that could not be applied as written.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add($"{RetentionOptions.SectionName}:Interval must be positive.");
        }

        foreach (var (ns, policy) in options.Namespaces)
        {
            var prefix = $"{RetentionOptions.SectionName}:Namespaces:{ns}";
            if (!Identifiers.IsValidNamespace(ns))
            {
                failures.Add($"{prefix}: '{ns}' is not a namespace ({Identifiers.NamespacePattern}).");
            }

            if (policy.MaxAge is { } age && age <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}:MaxAge must be positive.");
            }

            if (policy.KeepLast is < 0)
            {
                failures.Add($"{prefix}:KeepLast must be 0 or more.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
