using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Hosting;

namespace Threads.Silo.Hosting;

/// <summary>Refuses at start a retention policy that could not be applied as written.</summary>
internal sealed partial class RetentionOptionsValidator() : SectionOptionsValidator<RetentionOptions>(RetentionOptions.SectionName, new Declared())
{
    /// <summary>Each namespace's policy, named by its namespace: the key of the dictionary is part of the setting's name.</summary>
    protected override void ValidateRules(RetentionOptions options, List<string> failures)
    {
        foreach (var (ns, policy) in options.Namespaces)
        {
            var prefix = $"{Section}:Namespaces:{ns}";
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
    }

    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<RetentionOptions>;
}
