using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Threads.Silo.Tests.Fuzz;

/// <summary>
/// FsCheck generators of hostile requests to every route of API.md: random JSON bodies biased towards the contract's
/// field names, random bytes, truncated JSON and bad UTF-8; path segments with NUL, 5 kB, unicode, encoded slashes and
/// dot segments; random query strings and headers.
/// </summary>
internal static class FuzzGenerators
{
    /// <summary>Every route; <c>{ns}</c>, <c>{id}</c> and <c>{x}</c> (a run id, file name, schema or resource id) are filled in.</summary>
    private static readonly (string Method, string Template)[] Routes =
    [
        ("POST", "threads"), ("GET", "threads"), ("GET", "threads/{id}"), ("PATCH", "threads/{id}"), ("DELETE", "threads/{id}"),
        ("POST", "threads/{id}/clone"), ("POST", "resources/{x}/current-thread"),
        ("POST", "threads/{id}/messages"), ("GET", "threads/{id}/messages"), ("POST", "threads/{id}/trim"),
        ("PUT", "schemas/{x}"), ("GET", "schemas/{x}"), ("GET", "threads/{id}/state"), ("PUT", "threads/{id}/state"), ("PATCH", "threads/{id}/state"),
        ("POST", "threads/{id}/lock"), ("GET", "threads/{id}/lock"), ("DELETE", "threads/{id}/lock"),
        ("POST", "threads/{id}/runs"), ("GET", "threads/{id}/runs"), ("GET", "threads/{id}/runs/{x}"),
        ("POST", "threads/{id}/runs/{x}/checkpoints"), ("POST", "threads/{id}/runs/{x}/complete"), ("POST", "threads/{id}/runs/{x}/fail"), ("POST", "threads/{id}/runs/{x}/resume"),
        ("PUT", "threads/{id}/files/{x}"), ("GET", "threads/{id}/files"), ("GET", "threads/{id}/files/{x}"), ("DELETE", "threads/{id}/files/{x}"),
        ("GET", "threads/{id}/events"), ("GET", "events"), ("GET", "threads/{id}/export"), ("POST", "threads/import"), ("POST", "cleanup"),
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private static readonly string[] Fields =
    [
        "id", "resourceId", "userId", "title", "metadata", "hidden", "archived", "messages", "role", "content", "type", "text",
        "expectedLastSeq", "runId", "keepLast", "keepSystem", "upToSeq", "state", "stateSchemaId", "holder", "ttlSeconds", "label",
        "statePatch", "error", "updatedBefore", "dryRun", "callId", "name", "arguments", "result", "isError", "mediaType", "data",
        "message", "seq", "version", "parent", "threadId", "$type", "__proto__", "",
    ];

    private static readonly string[] Scalars =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "100", "201", "1e400", "-1e400", "1E-400", "9223372036854775808", "-9223372036854775809",
        "1.5", "00", "0x10", "NaN", "Infinity", "\"\"", "\"user\"", "\"system\"", "\"assistant\"", "\"tool\"", "\"text\"", "\"tool_call\"",
        "\"2026-11-22T10:00:00.123Z\"", "\"9999-12-31T23:59:59.999Z\"", "\"0001-01-01T00:00:00Z\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"",
        "\"../../etc/passwd\"", "\"thread_0123456789abcdef01234567\"", "\"a/b\"", "\"\\\\\"", "\"🙂\"", "\"‮\"",
    ];

    /// <summary>Path segments as sent: some already escaped on purpose (<c>%2F</c>, <c>%00</c>, <c>%2E%2E</c>), others escaped here.</summary>
    private static Gen<string> Segment(string seedId) => Gen.Frequency(
        (6, Gen.Constant(seedId)),
        (6, Gen.Elements("t-1", "thread_0123456789abcdef01234567", "run-1", "notes.txt", "r", "s1", "a", "A.b:c@d-e")),
        (4, Gen.Elements("%00", "a%00b", "%2F", "a%2Fb", "..%2F..%2Fetc", "%2E%2E", "%2E", "%5C", "a%5Cb", "%ZZ", "%", "%C3%28", "%ED%A0%80",
            "%FF%FE", "%E2%80%AE", "%20", "+", "%2B", "~", "*", "%0D%0Ainjected:1", "%09", "CON", "NUL", "a..b", ".hidden", "-dash")),
        (3, Gen.Elements(new string('a', 5000), new string('a', 129), new string('a', 128), new string('é', 300), string.Concat(Enumerable.Repeat("🙂", 200)), "日本語", "ü")
            .Select(Uri.EscapeDataString)),
        (3, ArbMap.Default.GeneratorFor<string>().Where(static s => s is { Length: > 0 }).Select(EscapeOrKeep)));

    private static Gen<string> Namespace() => Gen.Frequency(
        (12, Gen.Constant(FuzzTests.Ns)),
        (1, Gen.Elements("Upper", "a_b", "-x", new string('n', 65), "%00", "..", "%2E%2E", "other-ns", "*")),
        (1, ArbMap.Default.GeneratorFor<string>().Where(static s => s is { Length: > 0 }).Select(EscapeOrKeep)));

    private static Gen<string> QueryString() =>
        Gen.Frequency(
            (3, Gen.Constant(string.Empty)),
            (6, Gen.ListOf(Gen.Zip(
                Gen.Elements("limit", "cursor", "messages", "order", "after", "before", "runId", "resourceId", "userId", "includeHidden",
                    "archived", "updatedAfter", "updatedBefore", "metadata.k", "metadata.", "status", "x", "limit", "%00", "metadata.%FF"),
                QueryValue())).Select(static pairs => "?" + string.Join('&', pairs.Select(static p => $"{p.Item1}={p.Item2}")))),
            (1, Gen.Elements("?", "?&&", "?=", "?limit", "?limit=1&limit=2", "?%", "?a=%ZZ", "?cursor=" + new string('c', 3000))));

    private static Gen<string> QueryValue() => Gen.Frequency(
        (5, Gen.Elements("", "0", "-1", "1", "20", "200", "201", "999999999999999999999", "1.5", "true", "false", "TRUE", "asc", "desc", "sideways",
            "2026-11-22T10:00:00.123Z", "not-a-date", "eyJzZXEiOjF9", "%00", "%FF", "null", "running", "thread_0123456789abcdef01234567")),
        (2, ArbMap.Default.GeneratorFor<string>().Where(static s => s is not null).Select(EscapeOrKeep)));

    /// <summary>A JSON value as text, of the generator's size; objects mostly use the contract's field names.</summary>
    private static Gen<string> Json() => Gen.Sized(JsonOfSize);

    private static Gen<string> JsonOfSize(int size)
    {
        var scalar = Gen.Frequency(
            (4, Gen.Elements(Scalars)),
            (2, ArbMap.Default.GeneratorFor<string>().Where(static s => s is not null).Select(static s => JsonSerializer.Serialize(s))),
            (1, ArbMap.Default.GeneratorFor<long>().Select(static n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (size <= 1)
        {
            return scalar;
        }

        var child = Gen.Sized(static s => JsonOfSize(s / 2)).Resize(size / 2);
        var key = Gen.Frequency((8, Gen.Elements(Fields)), (1, ArbMap.Default.GeneratorFor<string>().Where(static s => s is not null)))
            .Select(static k => JsonSerializer.Serialize(k));
        return Gen.Frequency(
            (2, scalar),
            (2, Gen.ListOf(child).Select(static items => $"[{string.Join(',', items)}]")),
            (5, Gen.ListOf(Gen.Zip(key, child)).Select(static pairs => $"{{{string.Join(',', pairs.Select(static p => $"{p.Item1}:{p.Item2}"))}}}")));
    }

    private static Gen<byte[]?> Body() => Gen.Frequency(
        (4, Gen.Constant<byte[]?>(null)),
        (9, Json().Select(static j => (byte[]?)Encoding.UTF8.GetBytes(j))),
        (2, Json().Where(static j => j.Length > 1).SelectMany(static j => Gen.Choose(1, j.Length - 1).Select(n => (byte[]?)Encoding.UTF8.GetBytes(j[..n])))),
        (1, ArbMap.Default.GeneratorFor<byte[]>().Select(static b => (byte[]?)b)),
        (1, Json().Select(static j => (byte[]?)[.. Encoding.UTF8.GetBytes(j), 0xC3, 0x28, 0xFF])),
        (1, Gen.Elements<byte[]?>([], "{}"u8.ToArray(), "[]"u8.ToArray(), "null"u8.ToArray(), "\"\""u8.ToArray(), [0xEF, 0xBB, 0xBF, .. "{}"u8], "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"u8.ToArray())));

    private static Gen<IReadOnlyList<KeyValuePair<string, string>>> Headers()
    {
        var header =
            from name in Gen.Elements("If-Match", "Idempotency-Key", "Lock-Token", "Last-Event-ID", "Content-Type", "Accept")
            from value in Gen.Frequency(
                (3, Gen.Elements("\"1\"", "\"0\"", "*", "W/\"1\"", "1", "-1", "99999999999999999999", "", "k", new string('k', 129), "application/merge-patch+json",
                    "text/plain", "application/json; charset=utf-16", "text/event-stream", "\"\"", "\"1\", \"2\"")),
                (1, ArbMap.Default.GeneratorFor<string>().Where(static s => s is not null && s.All(static c => c is >= ' ' and <= '~'))))
            select KeyValuePair.Create(name, value);
        return Gen.ListOf(header).Select(static headers => (IReadOnlyList<KeyValuePair<string, string>>)[.. headers]);
    }

    public static Gen<FuzzCase> Cases(string seedId, string[] keys) =>
        from route in Gen.Elements(Routes)
        from method in Gen.Frequency((9, Gen.Constant(route.Method)), (1, Gen.Elements(Methods)))
        from ns in Namespace()
        from id in Segment(seedId)
        from x in Segment(seedId)
        from query in QueryString()
        from headers in Headers()
        from body in Body()
        from key in Gen.Elements(keys)
        select new FuzzCase(
            method,
            $"v1/namespaces/{ns}/{route.Template.Replace("{id}", id, StringComparison.Ordinal).Replace("{x}", x, StringComparison.Ordinal)}{query}",
            headers,
            body,
            key.Length == 0 ? null : key);

    /// <summary>Escapes a random string, or sends it as it is a time in four, to let raw characters reach the server's parser.</summary>
    private static string EscapeOrKeep(string value)
    {
        try
        {
            var escaped = Uri.EscapeDataString(value);
            return value.Length % 4 == 0 && value.All(static c => c is > ' ' and < '\u007f' and not '/' and not '?' and not '#') ? value : escaped;
        }
        catch (UriFormatException)
        {
            return "%EF%BF%BD";
        }
    }
}
