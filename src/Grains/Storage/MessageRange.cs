namespace Threads.Grains.Storage;

/// <summary>A slice of a thread's log to read.</summary>
/// <param name="After">Only seqs greater than this.</param>
/// <param name="Before">Only seqs smaller than this.</param>
/// <param name="Descending">Newest first.</param>
/// <param name="Limit">At most this many.</param>
/// <param name="RunId">Only messages of this run.</param>
public readonly record struct MessageRange(long? After, long? Before, bool Descending, int Limit, string? RunId = null);
