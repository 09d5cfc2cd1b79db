using System.Buffers.Text;
using System.Text;
using Threads.Grains;

namespace Threads.Silo.Apis.Internal;

/// <summary>
/// Pages of a list ordered by one key (schemas by id, namespaces by name): <c>limit</c> as everywhere (1-200, default
/// 20) and a cursor that is the last key of the page, base64url-encoded so that callers treat it as opaque.
/// </summary>
internal static class KeyPages
{
    public static (int Limit, string? After) Read(IQueryCollection query)
    {
        var limit = QueryValues.Int(query, "limit") ?? 20;
        if (limit is < 1 or > 200)
        {
            throw InvalidArgumentException.ForField("limit", "must be between 1 and 200");
        }

        if (QueryValues.String(query, "cursor") is not { } cursor)
        {
            return (limit, null);
        }

        try
        {
            return (limit, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)));
        }
        catch (FormatException)
        {
            throw InvalidArgumentException.ForField("cursor", "is not a cursor of this list");
        }
    }

    public static string Cursor(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));
}
