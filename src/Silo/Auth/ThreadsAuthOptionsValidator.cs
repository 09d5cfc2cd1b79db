using Microsoft.Extensions.Options;
using Threads.Grains;

namespace Threads.Silo.Auth;

/// <summary>Checks <see cref="ThreadsAuthOptions"/> at start; a message names the key by its index, never by its value.</summary>
internal sealed class ThreadsAuthOptionsValidator : IValidateOptions<ThreadsAuthOptions>
{
    /// <summary>The shortest key accepted: 16 characters, so that a key cannot be guessed.</summary>
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ThreadsAuthOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var at = $"{ThreadsAuthOptions.SectionName}:Keys:{i}";
            if (key.Key.Length < MinKeyLength || key.Key.Any(static c => c is < '!' or > '~'))
            {
                failures.Add($"{at}:Key must be at least {MinKeyLength} visible ASCII characters.");
            }
            else if (!seen.Add(key.Key))
            {
                failures.Add($"{at}:Key is the same as an earlier key's.");
            }

            if (!Enum.IsDefined(key.Role))
            {
                failures.Add($"{at}:Role must be Read, Write or Admin.");
            }

            if (key.Namespaces.Count == 0 || key.Namespaces.Any(static n => n != "*" && !Identifiers.IsValidNamespace(n)))
            {
                failures.Add($"{at}:Namespaces must list namespaces ({Identifiers.NamespacePattern}) or \"*\".");
            }

            if (key.UserId is not null && !Identifiers.IsValidId(key.UserId))
            {
                failures.Add($"{at}:UserId {Identifiers.IdRuleMessage}.");
            }

            if (key.UserId is not null && key.Role == ApiKeyRole.Admin)
            {
                // Cleanup and import act on every user's threads; a key scoped to one user cannot be trusted with them.
                failures.Add($"{at}: an Admin key acts for the whole namespace and cannot have a UserId.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
