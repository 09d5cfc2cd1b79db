namespace Threads.Grains;

/// <summary>API.md's rule for a file's name: 1-255 characters, none of <c>/ \</c> nor a control character, not <c>.</c> or <c>..</c>.</summary>
public static class Filenames
{
    /// <summary>The most characters of a filename.</summary>
    public const int MaxLength = 255;

    /// <summary>The rule as a JSON Schema (ECMA-262) pattern: no <c>/ \</c> nor control character (<see cref="char.IsControl(char)"/>), not <c>.</c> or <c>..</c>.</summary>
    public const string Pattern = "^(?!\\.\\.?$)[^/\\\\\\u0000-\\u001f\\u007f-\\u009f]+$";

    /// <summary>What a problem says of a name that breaks the rule.</summary>
    public const string RuleMessage = "must be 1-255 characters, without / \\ or control characters, and not . or ..";

    /// <summary>True if <paramref name="value"/> is a valid filename.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value is not ("." or "..")
        && value.AsSpan().IndexOfAny('/', '\\', '\0') < 0 && !value.Any(char.IsControl);

    /// <summary><paramref name="value"/> when it is a valid filename.</summary>
    /// <exception cref="InvalidArgumentException">It is not; the problem names <c>filename</c>.</exception>
    public static string Require(string? value) =>
        IsValid(value) ? value! : throw InvalidArgumentException.ForField("filename", RuleMessage);
}
