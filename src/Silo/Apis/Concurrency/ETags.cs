using System.Globalization;
using Microsoft.Extensions.Primitives;
using Threads.Grains;

namespace Threads.Silo.Apis.Concurrency;

/// <summary>A thread's version as a strong ETag, <c>"3"</c>, and <c>If-Match</c> read back into a version.</summary>
internal static class ETags
{
    /// <summary>What <see cref="ParseIfMatch"/> takes, as a JSON Schema pattern.</summary>
    public const string IfMatchPattern = "^(\"[0-9]+\"|\\*)$";

    public static string Format(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>The version <c>If-Match</c> asks for; null when absent or <c>*</c> (any version).</summary>
    public static long? ParseIfMatch(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        var value = header.Count == 1 ? header[0]!.Trim() : null;
        if (value == "*")
        {
            return null;
        }

        if (value is { Length: > 2 } && value[0] == '"' && value[^1] == '"'
            && long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw InvalidArgumentException.ForField("If-Match", "must be one strong ETag such as \"3\" (the thread's version), or *");
    }
}
