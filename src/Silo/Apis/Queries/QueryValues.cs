using System.Globalization;
using Microsoft.Extensions.Primitives;
using Threads.Grains;

namespace Threads.Silo.Apis.Queries;

/// <summary>Reads query parameters strictly: a value that does not parse is a 400 naming the parameter.</summary>
internal static class QueryValues
{
    public const string Ascending = "asc";
    public const string Descending = "desc";

    public static string? String(IQueryCollection query, string name) => Single(query, name);

    public static string? Id(IQueryCollection query, string name) => Identifiers.RequireIdIfPresent(Single(query, name), name);

    public static int? Int(IQueryCollection query, string name) =>
        Single(query, name) is { } value
            ? int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Invalid(name, "must be an integer")
            : null;

    public static long? Long(IQueryCollection query, string name) =>
        Single(query, name) is { } value
            ? long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Invalid(name, "must be an integer")
            : null;

    public static bool? Bool(IQueryCollection query, string name) => Single(query, name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw Invalid(name, "must be true or false"),
    };

    public static DateTimeOffset? Time(IQueryCollection query, string name) =>
        Single(query, name) is { } value
            ? DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : throw Invalid(name, "must be an ISO-8601 time such as 2026-11-22T10:00:00.000Z")
            : null;

    public static SortOrder Order(IQueryCollection query, string name) => Single(query, name) switch
    {
        null or Ascending => SortOrder.Ascending,
        Descending => SortOrder.Descending,
        _ => throw Invalid(name, "must be asc or desc"),
    };

    /// <summary>The <c>prefix.KEY=VALUE</c> parameters as a dictionary, or null if there are none.</summary>
    public static Dictionary<string, string>? Prefixed(IQueryCollection query, string prefix)
    {
        Dictionary<string, string>? values = null;
        foreach (var (name, value) in query)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                values ??= new Dictionary<string, string>(StringComparer.Ordinal);
                values[name[prefix.Length..]] = value.Count == 1 ? value[0]! : throw Invalid(name, "must be given once");
            }
        }

        return values;
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || StringValues.IsNullOrEmpty(values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw Invalid(name, "must be given once");
    }

    private static InvalidArgumentException Invalid(string name, string message) => InvalidArgumentException.ForField(name, message);
}
