namespace Threads.Grains.Storage;

/// <summary>What a search term asks for.</summary>
public enum SearchTermKind
{
    /// <summary>A word: its tokens, in a row.</summary>
    Word,

    /// <summary>A quoted phrase: its tokens, in a row.</summary>
    Phrase,

    /// <summary>A word ending in <c>*</c>: its tokens in a row, the last one as a prefix.</summary>
    Prefix,
}

/// <summary>One term of a search, all of which must match a message.</summary>
/// <param name="Kind">What it asks for.</param>
/// <param name="Tokens">The term's words, lowercase, split as <see cref="Internal.SearchText"/> splits a message's text; never empty.</param>
public sealed record SearchTerm(SearchTermKind Kind, IReadOnlyList<string> Tokens);
