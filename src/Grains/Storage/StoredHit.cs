namespace Threads.Grains.Storage;

/// <summary>A message a search found, with the stored body its snippet is cut from.</summary>
/// <param name="ThreadId">Its thread.</param>
/// <param name="Seq">Its place in the thread.</param>
/// <param name="Id">Its id.</param>
/// <param name="Role">Who wrote it.</param>
/// <param name="CreatedAt">When it was appended.</param>
/// <param name="Score">The store's relevance: higher is better.</param>
/// <param name="Body">The stored body (content and metadata JSON).</param>
public sealed record StoredHit(string ThreadId, long Seq, string Id, string Role, DateTimeOffset CreatedAt, double Score, string Body);
