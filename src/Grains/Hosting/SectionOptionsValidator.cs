using Microsoft.Extensions.Options;

namespace Threads.Grains.Hosting;

/// <summary>
/// Checks options bound from one configuration section: first the ranges declared on their properties (DataAnnotations,
/// checked by code an <see cref="OptionsValidatorAttribute"/> generates), then the rules that involve several settings.
/// Every failure names its key (<c>Threads:Limits:MaxPageSize must be between 1 and …</c>): it is the line a silo that
/// cannot start prints.
/// </summary>
/// <typeparam name="TOptions">The options checked.</typeparam>
public abstract class SectionOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private const string FieldPrefix = "The field ";
    private readonly IValidateOptions<TOptions> _declared;

    /// <summary>Checks options bound from <paramref name="section"/> with the generated <paramref name="declared"/> checks.</summary>
    /// <param name="section">The configuration section the options are bound from, such as <c>Threads:Limits</c>.</param>
    /// <param name="declared">The validator generated from the options' DataAnnotations.</param>
    protected SectionOptionsValidator(string section, IValidateOptions<TOptions> declared)
    {
        Section = section;
        _declared = declared;
    }

    /// <summary>The configuration section the options are bound from.</summary>
    protected string Section { get; }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        // The section is given as the options' name: the generated messages then say "{section}.{member}".
        if (_declared.Validate(Section, options) is { Failed: true, Failures: { } declared })
        {
            failures.AddRange(declared.Select(Reword));
        }

        ValidateRules(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds to <paramref name="failures"/> what breaks a rule the attributes cannot state (one setting against another, a format).</summary>
    /// <param name="options">The options checked.</param>
    /// <param name="failures">The failures so far, each naming its key.</param>
    protected virtual void ValidateRules(TOptions options, List<string> failures)
    {
    }

    /// <summary>
    /// Words a generated failure (<c>MaxPageSize: The field Threads:Limits.MaxPageSize must be …</c>) by its key
    /// (<c>Threads:Limits:MaxPageSize must be …</c>). Done here because the generated [Range] ignores ErrorMessage and
    /// [Display] (dotnet/runtime#123137), and the result builder puts the member's name first.
    /// </summary>
    private string Reword(string failure)
    {
        var colon = failure.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return failure;
        }

        var member = failure[..colon];
        var text = failure[(colon + 2)..].Replace($"{Section}.{member}", $"{Section}:{member}", StringComparison.Ordinal);
        return text.StartsWith(FieldPrefix, StringComparison.Ordinal) ? text[FieldPrefix.Length..] : text;
    }
}
