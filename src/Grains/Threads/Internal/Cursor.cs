using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Threads.Grains.Threads.Internal;

/// <summary>Opaque page cursors: base64url text the server alone reads.</summary>
internal static class Cursor
{
    /// <summary>A message cursor: where the next page starts and the bounds and filter of the first request.</summary>
    public static string ForMessages(SortOrder order, long lastSeq, long? bound, string? runId) =>
        Encode(string.Create(CultureInfo.InvariantCulture, $"m|{(order == SortOrder.Descending ? 'd' : 'a')}|{lastSeq}|{bound}|{runId}"));

    public static MessageQuery ReadMessages(string cursor, int limit)
    {
        var parts = Decode(cursor).Split('|');
        if (parts.Length != 5 || parts[0] != "m" || parts[1] is not ("a" or "d")
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || (parts[3].Length > 0 && !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw Invalid();
        }

        long? bound = parts[3].Length > 0 ? long.Parse(parts[3], CultureInfo.InvariantCulture) : null;
        var descending = parts[1] == "d";
        return new MessageQuery
        {
            Limit = limit,
            Order = descending ? SortOrder.Descending : SortOrder.Ascending,
            After = descending ? bound : last,
            Before = descending ? last : bound,
            RunId = parts[4].Length > 0 ? parts[4] : null,
        };
    }

    /// <summary>A thread-list cursor: the (updatedAt, id) of the last thread of the page.</summary>
    public static string ForThreads(DateTimeOffset updatedAt, string id) => ForKeyset('t', updatedAt, id);

    public static (DateTimeOffset UpdatedAt, string Id) ReadThreads(string cursor) => ReadKeyset('t', cursor);

    /// <summary>A run-list cursor: the (startedAt, runId) of the last run of the page.</summary>
    public static string ForRuns(DateTimeOffset startedAt, string runId) => ForKeyset('r', startedAt, runId);

    public static (DateTimeOffset StartedAt, string RunId) ReadRuns(string cursor) => ReadKeyset('r', cursor);

    /// <summary>
    /// A search cursor: the (score, thread id, seq) of the last hit of the page, and a fingerprint of the search it
    /// belongs to, so that a cursor given with another query or filter is refused instead of paging something else.
    /// </summary>
    public static string ForSearch(double score, string threadId, long seq, string fingerprint) =>
        Encode(string.Create(CultureInfo.InvariantCulture, $"s|{BitConverter.DoubleToInt64Bits(score)}|{threadId}|{seq}|{fingerprint}"));

    public static (double Score, string ThreadId, long Seq) ReadSearch(string cursor, string fingerprint)
    {
        var parts = Decode(cursor).Split('|');
        if (parts.Length != 5 || parts[0] != "s"
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bits)
            || !Identifiers.IsValidId(parts[2])
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            throw Invalid();
        }

        return parts[4] == fingerprint
            ? (BitConverter.Int64BitsToDouble(bits), parts[2], seq)
            : throw InvalidArgumentException.ForField("cursor", "belongs to another search: give the same q and filters as the page it came from");
    }

    private static string ForKeyset(char kind, DateTimeOffset time, string id) =>
        Encode(string.Create(CultureInfo.InvariantCulture, $"{kind}|{time.UtcTicks}|{id}"));

    private static (DateTimeOffset Time, string Id) ReadKeyset(char kind, string cursor)
    {
        var parts = Decode(cursor).Split('|');
        if (parts.Length != 3 || parts[0] != kind.ToString()
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Identifiers.IsValidId(parts[2]))
        {
            throw Invalid();
        }

        return (new DateTimeOffset(ticks, TimeSpan.Zero), parts[2]);
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Decode(string cursor)
    {
        try
        {
            return cursor.Length <= 512 ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)) : throw Invalid();
        }
        catch (FormatException)
        {
            throw Invalid();
        }
    }

    private static InvalidArgumentException Invalid() => InvalidArgumentException.ForField("cursor", "is not a cursor this server issued");
}
