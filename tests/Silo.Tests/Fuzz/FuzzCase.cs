namespace Threads.Silo.Tests.Fuzz;

/// <summary>One generated request: method, the path and query as sent (already escaped), headers, and a body or none.</summary>
internal sealed record FuzzCase(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ApiKey)
{
    public override string ToString() =>
        $"{Method} {PathAndQuery} [{string.Join(", ", Headers.Select(static h => $"{h.Key}: {h.Value}"))}] key={(ApiKey is null ? "none" : ApiKey[..5])} body={(Body is null ? "none" : Convert.ToBase64String(Body.AsSpan(0, Math.Min(Body.Length, 300))))}";
}
