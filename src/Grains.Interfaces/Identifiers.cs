using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Threads.Grains;

/// <summary>The identifier rules of the API and the generators of new ids.</summary>
public static partial class Identifiers
{
    /// <summary>The namespace used when none is given.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>The rule of a namespace, as a JSON Schema (ECMA-262) pattern.</summary>
    public const string NamespacePattern = "^" + NamespaceRule + "$";

    /// <summary>The rule of a thread, resource, user or run id, as a JSON Schema (ECMA-262) pattern.</summary>
    public const string IdPattern = "^" + IdRule + "$";

    /// <summary>What a problem says of a value that breaks the namespace rule.</summary>
    public const string NamespaceRuleMessage = "must match " + NamespacePattern;

    /// <summary>What a problem says of a value that breaks the id rule.</summary>
    public const string IdRuleMessage = "must match " + IdPattern;

    /// <summary>The most characters of a namespace.</summary>
    public const int MaxNamespaceLength = 64;

    /// <summary>The most characters of a thread, resource, user or run id.</summary>
    public const int MaxIdLength = 128;

    private const string NamespaceRule = "[a-z0-9][a-z0-9_-]{0,63}";
    private const string IdRule = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}";

    /// <summary>True if <paramref name="value"/> is a valid namespace: <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</summary>
    public static bool IsValidNamespace([NotNullWhen(true)] string? value) => value is not null && NamespaceRegex().IsMatch(value);

    /// <summary>True if <paramref name="value"/> is a valid thread, resource, user or run id: <c>^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$</c>.</summary>
    public static bool IsValidId([NotNullWhen(true)] string? value) => value is not null && IdRegex().IsMatch(value);

    /// <summary><paramref name="value"/> when it is a valid namespace.</summary>
    /// <exception cref="InvalidArgumentException">It is not; the problem names <paramref name="field"/>.</exception>
    public static string RequireNamespace([NotNull] string? value, string field = "namespace") =>
        IsValidNamespace(value) ? value : throw InvalidArgumentException.ForField(field, NamespaceRuleMessage);

    /// <summary><paramref name="value"/> when it is a valid thread, resource, user or run id.</summary>
    /// <exception cref="InvalidArgumentException">It is not; the problem names <paramref name="field"/>.</exception>
    public static string RequireId([NotNull] string? value, string field) =>
        IsValidId(value) ? value : throw InvalidArgumentException.ForField(field, IdRuleMessage);

    /// <summary><paramref name="value"/> when it is absent or a valid id, as for an optional field.</summary>
    /// <exception cref="InvalidArgumentException">It is given and not valid; the problem names <paramref name="field"/>.</exception>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? RequireIdIfPresent(string? value, string field) =>
        value is null ? null : RequireId(value, field);

    /// <summary>A new thread id: <c>thread_</c> and 24 lowercase hex digits.</summary>
    public static string NewThreadId() => NewId("thread_");

    /// <summary>
    /// A new message id that sorts by time: <c>msg_</c>, 12 hex digits of <paramref name="createdAt"/> in unix
    /// milliseconds, then 12 random ones. A store's index of message ids then grows at its end, as the log does,
    /// instead of taking each new id at a random place.
    /// </summary>
    public static string NewMessageId(DateTimeOffset createdAt)
    {
        Span<byte> bytes = stackalloc byte[12];
        var millis = (ulong)createdAt.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)millis;
            millis >>= 8;
        }

        RandomBytes.Fill(bytes[6..]);
        return WithPrefix("msg_", bytes);
    }

    /// <summary>A new run id: <c>run_</c> and 24 lowercase hex digits.</summary>
    public static string NewRunId() => NewId("run_");

    /// <summary>A new file id: <c>file_</c> and 24 lowercase hex digits.</summary>
    public static string NewFileId() => NewId("file_");

    private static string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomBytes.Fill(bytes);
        return WithPrefix(prefix, bytes);
    }

    /// <summary><paramref name="prefix"/> and the lowercase hex digits of <paramref name="bytes"/>, in one string.</summary>
    private static string WithPrefix(string prefix, ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[prefix.Length + (bytes.Length * 2)];
        prefix.CopyTo(chars);
        Convert.TryToHexStringLower(bytes, chars[prefix.Length..], out _);
        return new string(chars);
    }

    /// <summary>
    /// Cryptographically random bytes, drawn from the system's generator a block at a time for each thread: a draw costs
    /// about the same whatever its size, and every append draws one id.
    /// </summary>
    private static class RandomBytes
    {
        private const int BlockSize = 256;

        [ThreadStatic]
        private static byte[]? t_block;

        [ThreadStatic]
        private static int t_used;

        public static void Fill(Span<byte> destination)
        {
            var block = t_block;
            if (block is null || t_used + destination.Length > BlockSize)
            {
                block = t_block ??= new byte[BlockSize];
                RandomNumberGenerator.Fill(block);
                t_used = 0;
            }

            block.AsSpan(t_used, destination.Length).CopyTo(destination);
            t_used += destination.Length;
        }
    }

    // \z, not $: $ also matches before a trailing newline.
    [GeneratedRegex("^" + NamespaceRule + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex("^" + IdRule + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
