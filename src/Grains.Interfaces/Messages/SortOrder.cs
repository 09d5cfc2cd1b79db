namespace Threads.Grains;

/// <summary>The order of a page of messages.</summary>
[GenerateSerializer]
[Alias("threads.SortOrder")]
public enum SortOrder
{
    /// <summary>Oldest first.</summary>
    Ascending,

    /// <summary>Newest first.</summary>
    Descending,
}
