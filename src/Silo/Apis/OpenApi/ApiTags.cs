namespace Threads.Silo.Apis.OpenApi;

/// <summary>The document's tags: one per section of the HTTP contract, in its order.</summary>
internal static class ApiTags
{
    public const string Threads = "Threads";
    public const string Messages = "Messages";
    public const string State = "State";
    public const string Locks = "Locks";
    public const string Runs = "Runs";
    public const string Files = "Files";
    public const string Events = "Events";
    public const string Search = "Search";
    public const string Export = "Export";
    public const string Health = "Health";

    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (Threads, "Create, list, read, update, delete and clone threads; a resource's current thread."),
        (Messages, "Append to a thread's log, read it a page at a time, trim it."),
        (State, "A thread's structured state, validated against a namespace's state schemas."),
        (Locks, "One holder at a time, with fencing tokens."),
        (Runs, "Runs and checkpoints: an agent's execution in a thread, resumable after a crash."),
        (Files, "Each thread's own files, raw bytes in and out."),
        (Events, "Server-Sent Event streams of a thread's or a namespace's changes."),
        (Search, "Messages found by their words across a namespace."),
        (Export, "Import, export, retention: a thread as NDJSON out and back in, and cleanup of old threads."),
        (Health, "Outside /v1: is the process up, is the silo ready."),
    ];
}
