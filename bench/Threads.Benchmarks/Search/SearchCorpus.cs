using System.Text;

namespace Threads.Benchmarks.Search;

/// <summary>
/// A deterministic corpus of chat turns: a 20,000-word vocabulary drawn by Zipf's law (word k about 1/k as often as the
/// commonest), about 30 words and 200 bytes a message, and two-word queries taken from the messages themselves.
/// </summary>
internal sealed class SearchCorpus
{
    /// <summary>Words this common (by rank) are the corpus's stop words: a query picks its words among the others.</summary>
    public const int CommonWords = 100;

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ru", "ta", "be", "so", "di", "pa", "ve", "go", "xi", "ze", "fu", "ho", "ja", "qu", "wi", "yo",
        "bra", "cle", "dro", "fri", "glo", "pla", "sta", "tre", "vin", "mor",
    ];

    private readonly string[] _words;
    private readonly double[] _cumulative;

    public SearchCorpus(int vocabulary = 20_000)
    {
        _words = Enumerable.Range(0, vocabulary).Select(Word).ToArray();
        _cumulative = new double[vocabulary];
        var sum = 0.0;
        for (var k = 0; k < vocabulary; k++)
        {
            sum += 1.0 / (k + 1);
            _cumulative[k] = sum;
        }

        for (var k = 0; k < vocabulary; k++)
        {
            _cumulative[k] /= sum;
        }
    }

    /// <summary>The word of rank <paramref name="rank"/> (0 is the commonest).</summary>
    public string this[int rank] => _words[rank];

    /// <summary>One message's words, as ranks, from <paramref name="random"/>.</summary>
    public int[] MessageRanks(Random random)
    {
        var ranks = new int[random.Next(26, 35)];
        for (var i = 0; i < ranks.Length; i++)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            ranks[i] = index >= 0 ? index : Math.Min(~index, _words.Length - 1);
        }

        return ranks;
    }

    /// <summary>The text of a message of these ranks.</summary>
    public string Text(int[] ranks)
    {
        var text = new StringBuilder(ranks.Length * 7);
        foreach (var rank in ranks)
        {
            text.Append(text.Length > 0 ? " " : string.Empty).Append(_words[rank]);
        }

        return text.Append('.').ToString();
    }

    /// <summary>A two-word query from a message: two of its words that are not among the <see cref="CommonWords"/>, or null.</summary>
    public string? Query(int[] ranks, Random random)
    {
        var rare = ranks.Where(static r => r >= CommonWords).Distinct().ToArray();
        if (rare.Length < 2)
        {
            return null;
        }

        var first = rare[random.Next(rare.Length)];
        var second = rare.Where(r => r != first).ElementAt(random.Next(rare.Length - 1));
        return $"{_words[first]} {_words[second]}";
    }

    private static string Word(int n)
    {
        var word = new StringBuilder();
        var value = n;
        do
        {
            word.Append(Syllables[value % Syllables.Length]);
            value /= Syllables.Length;
        }
        while (value > 0);

        return word.ToString();
    }
}
