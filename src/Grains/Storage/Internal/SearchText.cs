using System.Text;
using System.Text.Json;

namespace Threads.Grains.Storage.Internal;

/// <summary>
/// What search sees of a message, in one place for every store: the text of its text parts, the names of its tool
/// calls and the messages of its error parts, one per line (never data parts, tool arguments or results); its words
/// (runs of letters and digits, compared lowercase); and the snippet a hit shows.
/// </summary>
internal static class SearchText
{
    /// <summary>Words shown around the first match in a snippet.</summary>
    private const int SnippetWords = 24;

    /// <summary>Words shown before the first match.</summary>
    private const int SnippetLead = 6;

    private const string Mark = "**";

    [ThreadStatic]
    private static (string Encoded, IReadOnlyList<SearchTerm> Terms)? _decoded;

    /// <summary>The searchable text of a message's content.</summary>
    public static string Of(IReadOnlyList<ContentPart> content)
    {
        var text = new StringBuilder();
        foreach (var part in content)
        {
            var searchable = part switch
            {
                TextPart p => p.Text,
                ToolCallPart p => p.Name,
                ErrorPart p => p.Message,
                _ => null,
            };
            if (searchable is not null)
            {
                text.Append(text.Length > 0 ? "\n" : string.Empty).Append(searchable);
            }
        }

        return text.ToString();
    }

    /// <summary>The searchable text of a stored body.</summary>
    public static string OfBody(string body) => OfBody(Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// The searchable text of a stored body given as UTF-8, read without building its parts (what the SQLite fold
    /// computes for every message it indexes, and a hit's snippet is cut from): the same text as <see cref="Of"/> of
    /// the body's content.
    /// </summary>
    public static string OfBody(ReadOnlySpan<byte> body)
    {
        var text = new StringBuilder();
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (!isContent)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                AppendPart(ref reader, text);
            }
        }

        return text.ToString();
    }

    /// <summary>Reads one part object (the reader on its start) and appends its searchable text, if it has one.</summary>
    private static void AppendPart(ref Utf8JsonReader reader, StringBuilder text)
    {
        string? type = null, partText = null, name = null, message = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isText = reader.ValueTextEquals("text"u8);
            var isName = reader.ValueTextEquals("name"u8);
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
            }
            else if (isType)
            {
                type = reader.GetString();
            }
            else if (isText)
            {
                partText = reader.GetString();
            }
            else if (isName)
            {
                name = reader.GetString();
            }
            else if (isMessage)
            {
                message = reader.GetString();
            }
        }

        var searchable = type switch
        {
            "text" => partText,
            "tool_call" => name,
            "error" => message,
            _ => null,
        };
        if (searchable is not null)
        {
            text.Append(text.Length > 0 ? "\n" : string.Empty).Append(searchable);
        }
    }

    /// <summary>
    /// A PostgreSQL <c>tsvector</c>, as its text, of a message's searchable words with their positions: lexemes are
    /// this class's lowercase words (letters and digits only, so nothing needs escaping), so that PostgreSQL's own
    /// parser never decides what a word is. Within <c>tsvector</c>'s bounds: positions up to 16,383 and 256 a word,
    /// words of at most 2,046 bytes, and the words of about the first 256 KiB of text, so that no message fails to be
    /// stored for its size.
    /// </summary>
    public static string TsVector(IReadOnlyList<ContentPart> content)
    {
        const int MaxPosition = 16_383, MaxPositionsPerWord = 256, MaxWordBytes = 2_046, MaxTotalBytes = 256 * 1024;
        var text = Of(content);
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var position = 0;
        var bytes = 0;
        foreach (var word in Words(text))
        {
            var lexeme = text[word].ToLowerInvariant();
            position = Math.Min(position + 1, MaxPosition);
            var size = Encoding.UTF8.GetByteCount(lexeme);
            if (size > MaxWordBytes || (bytes += size) > MaxTotalBytes)
            {
                continue;
            }

            if (!positions.TryGetValue(lexeme, out var at))
            {
                positions.Add(lexeme, at = []);
            }

            if (at.Count < MaxPositionsPerWord)
            {
                at.Add(position);
            }
        }

        var vector = new StringBuilder(text.Length + (positions.Count * 6));
        foreach (var (lexeme, at) in positions)
        {
            vector.Append(vector.Length > 0 ? " '" : "'").Append(lexeme).Append("':").AppendJoin(',', at);
        }

        return vector.ToString();
    }

    /// <summary>
    /// A PostgreSQL <c>tsquery</c>, as its text, of search terms over <see cref="TsVector"/>'s lexemes: every term
    /// (<c>&amp;</c>), each its words in a row (<c>&lt;-&gt;</c>), a prefix term's last one a prefix (<c>:*</c>).
    /// </summary>
    public static string TsQuery(IReadOnlyList<SearchTerm> terms) =>
        string.Join(" & ", terms.Select(static term => "(" + string.Join(" <-> ", term.Tokens.Select((token, k) =>
            term.Kind == SearchTermKind.Prefix && k == term.Tokens.Count - 1 ? $"'{token}':*" : $"'{token}'")) + ")"));

    /// <summary>The words of <paramref name="text"/>: where each starts and how long it is.</summary>
    public static List<Range> Words(string text)
    {
        var words = new List<Range>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(start..i);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>The words of <paramref name="text"/>, lowercase.</summary>
    public static string[] Tokens(string text) => Words(text).Select(w => text[w].ToLowerInvariant()).ToArray();

    /// <summary>True if every term matches the text: its tokens in a row, the last as a prefix for a prefix term.</summary>
    public static bool Matches(string[] tokens, IReadOnlyList<SearchTerm> terms) => terms.All(term => Occurrences(tokens, term) > 0);

    /// <summary>How many times <paramref name="term"/> occurs among <paramref name="tokens"/>.</summary>
    public static int Occurrences(string[] tokens, SearchTerm term)
    {
        var count = 0;
        for (var i = 0; i + term.Tokens.Count <= tokens.Length; i++)
        {
            if (MatchesAt(tokens, i, term))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The score of a message no full-text index holds (the SQLite log's tail, the memory store): the term-frequency
    /// part of BM25, every term weighing the same, Σ f·(k1 + 1) / (f + k1) with k1 = 1.2.
    /// </summary>
    public static double Score(string[] tokens, IReadOnlyList<SearchTerm> terms) =>
        terms.Sum(term => Occurrences(tokens, term) is var f and > 0 ? f * 2.2 / (f + 1.2) : 0);

    /// <summary>The score of a stored body for terms encoded by <see cref="EncodeTerms"/>, or null if a term does not match it.</summary>
    public static double? ScoreBody(ReadOnlySpan<byte> body, string encodedTerms)
    {
        if (_decoded is not { } decoded || decoded.Encoded != encodedTerms)
        {
            decoded = (encodedTerms, DecodeTerms(encodedTerms));
            _decoded = decoded;
        }

        var tokens = Tokens(OfBody(body));
        return Matches(tokens, decoded.Terms) ? Score(tokens, decoded.Terms) : null;
    }

    /// <summary>Terms as one line each: the kind's digit, then the tokens separated by spaces (tokens hold only letters and digits).</summary>
    public static string EncodeTerms(IReadOnlyList<SearchTerm> terms) =>
        string.Join('\n', terms.Select(static t => $"{(int)t.Kind}{string.Join(' ', t.Tokens)}"));

    private static SearchTerm[] DecodeTerms(string encoded) =>
        [.. encoded.Split('\n').Select(static line => new SearchTerm((SearchTermKind)(line[0] - '0'), line[1..].Split(' ')))];

    /// <summary>
    /// The text around the first matched word, at most <see cref="SnippetWords"/> words, with every word that matches a
    /// term's word (or starts with a prefix term's last word) between <c>**</c>; <c>…</c> where text was cut; lines joined by spaces.
    /// </summary>
    public static string Snippet(string text, IReadOnlyList<SearchTerm> terms)
    {
        var words = Words(text);
        var lower = words.Select(w => text[w].ToLowerInvariant()).ToArray();
        var marked = new bool[words.Count];
        for (var i = 0; i < lower.Length; i++)
        {
            var word = lower[i];
            marked[i] = terms.Any(term => Enumerable.Range(0, term.Tokens.Count).Any(k => TokenMatches(word, term, k)));
        }

        var first = Array.IndexOf(marked, true);
        var from = Math.Max(0, (first < 0 ? 0 : first) - SnippetLead);
        var to = Math.Min(words.Count, from + SnippetWords);
        var snippet = new StringBuilder(from > 0 ? "…" : string.Empty);
        var at = from > 0 ? words[from].Start.Value : 0;
        for (var i = from; i < to; i++)
        {
            snippet.Append(text, at, words[i].Start.Value - at);
            var word = text[words[i]];
            snippet.Append(marked[i] ? string.Concat(Mark, word, Mark) : word);
            at = words[i].End.Value;
        }

        snippet.Append(to < words.Count ? " …" : text[at..]);
        return snippet.Replace('\n', ' ').Replace('\r', ' ').ToString().Trim();
    }

    private static bool MatchesAt(string[] tokens, int at, SearchTerm term)
    {
        for (var k = 0; k < term.Tokens.Count; k++)
        {
            if (!TokenMatches(tokens[at + k], term, k))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True if <paramref name="word"/> is the term's word <paramref name="k"/>, or starts with it for a prefix term's last word.</summary>
    private static bool TokenMatches(string word, SearchTerm term, int k) =>
        term.Kind == SearchTermKind.Prefix && k == term.Tokens.Count - 1
            ? word.StartsWith(term.Tokens[k], StringComparison.Ordinal)
            : word == term.Tokens[k];
}
