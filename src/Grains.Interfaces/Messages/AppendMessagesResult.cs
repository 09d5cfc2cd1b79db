using System.Text.Json.Serialization;

namespace Threads.Grains;

/// <summary>The stored messages of an append.</summary>
/// <param name="Messages">The messages as stored, with their seq and id.</param>
/// <param name="LastSeq">The thread's last seq after the append.</param>
[GenerateSerializer]
[Alias("threads.AppendMessagesResult")]
[Immutable]
public sealed record AppendMessagesResult([property: Id(0)] IReadOnlyList<ThreadMessage> Messages, [property: Id(1)] long LastSeq)
{
    /// <summary>
    /// True when the thread answered with the kept result of an earlier append with the same idempotency key instead of
    /// appending again: a retried request (the caller's own retry, or the HTTP client's after an answer was lost). Not
    /// part of the JSON body: over HTTP it is the <c>Idempotent-Replayed: true</c> header.
    /// </summary>
    [Id(2)]
    [JsonIgnore]
    public bool Replayed { get; init; }
}
