using System.Buffers.Text;
using System.Text;
using Threads.Grains;
using Threads.Grains.Threads;
using Threads.Silo.Apis.OpenApi;

namespace Threads.Silo.Apis.Queries;

/// <summary>
/// Pages of a list ordered by one key (schemas by id, namespaces by name): <c>limit</c> as everywhere (1 to
/// <c>Threads:Limits:MaxPageSize</c>, default 20) and a cursor that is the last key of the page, base64url-encoded so that callers treat it as opaque.
/// </summary>
internal static class KeyPages
{
    public static (int Limit, string? After) Read(IQueryCollection query, ThreadLimitsOptions limits)
    {
        var limit = QueryValues.Int(query, ApiParameters.Limit.Name) ?? ApiParameters.DefaultPageSize;
        if (limit < 1 || limit > limits.MaxPageSize)
        {
            throw InvalidArgumentException.ForField(ApiParameters.Limit.Name, $"must be between 1 and {limits.MaxPageSize}");
        }

        if (QueryValues.String(query, ApiParameters.Cursor.Name) is not { } cursor)
        {
            return (limit, null);
        }

        try
        {
            return (limit, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)));
        }
        catch (FormatException)
        {
            throw InvalidArgumentException.ForField(ApiParameters.Cursor.Name, "is not a cursor of this list");
        }
    }

    public static string Cursor(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));
}
