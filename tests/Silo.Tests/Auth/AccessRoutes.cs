namespace Threads.Silo.Tests.Auth;

/// <summary>One call of every endpoint family of API.md, with the role it needs; <c>{id}</c> stands for a thread id.</summary>
internal static class AccessRoutes
{
    public static readonly (string Method, string Path, string? Body)[] Reads =
    [
        ("GET", "threads", null),
        ("GET", "threads/{id}", null),
        ("GET", "threads/{id}?messages=5", null),
        ("GET", "threads/{id}/messages", null),
        ("GET", "threads/{id}/state", null),
        ("GET", "threads/{id}/lock", null),
        ("GET", "threads/{id}/runs", null),
        ("GET", "threads/{id}/runs/run-1", null),
        ("GET", "threads/{id}/files", null),
        ("GET", "threads/{id}/files/notes.txt", null),
        ("GET", "threads/{id}/export", null),
        ("GET", "schemas/s1", null),
        ("GET", "search?q=secret", null),
    ];

    /// <summary>Event streams: read routes that never end on success, so only sent where they must be refused.</summary>
    public static readonly (string Method, string Path, string? Body)[] Streams =
    [
        ("GET", "threads/{id}/events", null),
        ("GET", "events?resourceId=r", null),
    ];

    public static readonly (string Method, string Path, string? Body)[] Writes =
    [
        ("POST", "threads", "{}"),
        ("PATCH", "threads/{id}", "{\"title\":\"changed\"}"),
        ("DELETE", "threads/{id}", null),
        ("POST", "threads/{id}/clone", "{}"),
        ("POST", "resources/r/current-thread", "{}"),
        ("POST", "threads/{id}/messages", "{\"messages\":[{\"role\":\"user\",\"content\":\"injected\"}]}"),
        ("POST", "threads/{id}/trim", "{\"keepLast\":0}"),
        ("PUT", "threads/{id}/state", "{\"state\":{\"a\":1}}"),
        ("PATCH", "threads/{id}/state", "{\"a\":2}"),
        ("POST", "threads/{id}/lock", "{\"holder\":\"h\",\"ttlSeconds\":60}"),
        ("DELETE", "threads/{id}/lock", null),
        ("POST", "threads/{id}/runs", "{}"),
        ("POST", "threads/{id}/runs/run-1/checkpoints", "{}"),
        ("POST", "threads/{id}/runs/run-1/complete", "{}"),
        ("POST", "threads/{id}/runs/run-1/fail", "{}"),
        ("POST", "threads/{id}/runs/run-1/resume", "{}"),
        ("PUT", "threads/{id}/files/notes.txt", "hello"),
        ("DELETE", "threads/{id}/files/notes.txt", null),
    ];

    public static readonly (string Method, string Path, string? Body)[] AdminOnly =
    [
        ("PUT", "schemas/s1", "{\"type\":\"object\"}"),
        ("DELETE", "schemas/s1", null),
        ("POST", "cleanup", "{\"updatedBefore\":\"2000-01-01T00:00:00.000Z\"}"),
        ("POST", "threads/import", "{}"),
        ("POST", "CLEANUP", "{\"updatedBefore\":\"2000-01-01T00:00:00.000Z\"}"),
        ("PUT", "Schemas/s1", "{\"type\":\"object\"}"),
    ];

    public static IEnumerable<(string Method, string Path, string? Body)> All => [.. Reads, .. Streams, .. Writes, .. AdminOnly];

    public static TheoryData<string, string, string?> Data(IEnumerable<(string Method, string Path, string? Body)> routes)
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var (method, path, body) in routes)
        {
            data.Add(method, path, body);
        }

        return data;
    }
}
