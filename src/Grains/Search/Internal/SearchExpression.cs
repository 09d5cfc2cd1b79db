using System.Text;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Search.Internal;

/// <summary>
/// Reads a search's <c>q</c>: words separated by spaces, <c>"a phrase"</c>, <c>prefix*</c>. Everything else is literal
/// text: operators of the stores' engines (<c>NEAR</c>, <c>OR</c>, <c>-</c>, <c>^</c>, <c>:</c>, SQL) are just words or
/// separators, and a term with no letter or digit is dropped.
/// </summary>
internal static class SearchExpression
{
    public const int MaxLength = 256;

    public static IReadOnlyList<SearchTerm> Parse(string? q)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxLength)
        {
            throw InvalidArgumentException.ForField("q", $"must be 1-{MaxLength} characters of words to search for");
        }

        var terms = new List<SearchTerm>();
        var current = new StringBuilder();
        var inPhrase = false;
        for (var i = 0; i < q.Length; i++)
        {
            var c = q[i];
            if (c == '"')
            {
                var kind = inPhrase ? SearchTermKind.Phrase : SearchTermKind.Word;
                if (inPhrase && i + 1 < q.Length && q[i + 1] == '*')
                {
                    kind = SearchTermKind.Prefix;
                    i++;
                }

                Add(terms, current, kind);
                inPhrase = !inPhrase;
            }
            else if (!inPhrase && char.IsWhiteSpace(c))
            {
                Add(terms, current, SearchTermKind.Word);
            }
            else
            {
                current.Append(c);
            }
        }

        if (inPhrase)
        {
            throw InvalidArgumentException.ForField("q", "has a quote that is not closed");
        }

        Add(terms, current, SearchTermKind.Word);
        return terms.Count > 0 ? terms : throw InvalidArgumentException.ForField("q", "has no word to search for (letters or digits)");
    }

    private static void Add(List<SearchTerm> terms, StringBuilder current, SearchTermKind kind)
    {
        var text = current.ToString();
        current.Clear();
        if (kind == SearchTermKind.Word && text.EndsWith('*'))
        {
            kind = SearchTermKind.Prefix;
            text = text.TrimEnd('*');
        }

        var tokens = SearchText.Tokens(text);
        if (tokens.Length > 0)
        {
            terms.Add(new SearchTerm(kind, tokens));
        }
    }
}
