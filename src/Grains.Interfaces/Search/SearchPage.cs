namespace Threads.Grains;

/// <summary>A page of search hits.</summary>
/// <param name="Hits">The hits, best match first.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
[GenerateSerializer]
[Alias("threads.SearchPage")]
[Immutable]
public sealed record SearchPage([property: Id(0)] IReadOnlyList<SearchHit> Hits, [property: Id(1)] string? NextCursor);
