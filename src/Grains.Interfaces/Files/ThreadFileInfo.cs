namespace Threads.Grains;

/// <summary>A file kept with a thread (an agent's scratch pad, an upload, a generated report).</summary>
/// <param name="Id">The file's id, <c>file_</c> and 24 hex digits; a new one each time the file is written.</param>
/// <param name="Filename">Its name within the thread.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="MediaType">Its media type, as given when written.</param>
/// <param name="CreatedAt">When it was written.</param>
[GenerateSerializer]
[Alias("threads.ThreadFileInfo")]
[Immutable]
public sealed record ThreadFileInfo([property: Id(0)] string Id, [property: Id(1)] string Filename, [property: Id(2)] long Bytes, [property: Id(3)] string MediaType, [property: Id(4)] DateTimeOffset CreatedAt);
