namespace Threads.Grains;

/// <summary>A message that matched a search.</summary>
/// <param name="ThreadId">Its thread.</param>
/// <param name="Seq">Its place in the thread.</param>
/// <param name="MessageId">Its id.</param>
/// <param name="Role">Who wrote it.</param>
/// <param name="CreatedAt">When it was appended.</param>
/// <param name="Snippet">Its searchable text around the first match, the matched words marked with <c>**</c>.</param>
/// <param name="Score">How well it matched: higher is better; comparable only within one search.</param>
[GenerateSerializer]
[Alias("threads.SearchHit")]
[Immutable]
public sealed record SearchHit(
    [property: Id(0)] string ThreadId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string MessageId,
    [property: Id(3)] MessageRole Role,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string Snippet,
    [property: Id(6)] double Score);
