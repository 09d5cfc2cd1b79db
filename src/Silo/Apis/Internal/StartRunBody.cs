using Threads.Grains;

namespace Threads.Silo.Apis.Internal;

/// <summary>
/// The body of <c>POST /threads/{id}/runs</c>. Read into a type of its own because the generated reader sets every
/// init-only property of <see cref="StartRunRequest"/>, so an absent <c>ttlSeconds</c> would be 0 instead of its default.
/// </summary>
internal sealed record StartRunBody
{
    public string? RunId { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public int? TtlSeconds { get; init; }

    public StartRunRequest ToRequest() => TtlSeconds is { } ttl
        ? new StartRunRequest { RunId = RunId, Metadata = Metadata, TtlSeconds = ttl }
        : new StartRunRequest { RunId = RunId, Metadata = Metadata };
}
