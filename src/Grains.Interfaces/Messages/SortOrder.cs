namespace Threads.Grains;

/// <summary>The order of a page of messages.</summary>
public enum SortOrder
{
    /// <summary>Oldest first.</summary>
    Ascending,

    /// <summary>Newest first.</summary>
    Descending,
}
