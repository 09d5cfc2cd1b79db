namespace Threads.Grains;

/// <summary>Full-text search over one namespace's messages, keyed by the namespace; any silo answers it locally.</summary>
[Alias("threads.ISearchGrain")]
public interface ISearchGrain : IGrainWithStringKey
{
    /// <summary>
    /// A page of the messages matching <paramref name="query"/>, best first. A caller scoped to a user finds only that
    /// user's threads; hidden threads only with <see cref="SearchQuery.IncludeHidden"/>.
    /// </summary>
    /// <exception cref="InvalidArgumentException">The query is empty, too long, has unbalanced quotes or no word to search for; or a filter or cursor is invalid.</exception>
    [Alias("Search")]
    Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default);
}
