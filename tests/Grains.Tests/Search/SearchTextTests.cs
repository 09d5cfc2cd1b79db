using System.Text;
using System.Text.Json;
using Threads.Grains.Search.Internal;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Tests.Search;

/// <summary>What search sees of a message, how <c>q</c> is read, and the snippet.</summary>
public sealed class SearchTextTests
{
    [Fact]
    public void OfBody_Utf8_SameTextAsTheParts_ForEveryPartType()
    {
        var message = new ThreadMessage
        {
            Seq = 1,
            Id = "msg_1",
            Role = MessageRole.Assistant,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Metadata = new Dictionary<string, string> { ["text"] = "not searched" },
            Content =
            [
                new TextPart("Line one\nwith \"quotes\", ünïcödé and \u4e2d\u6587"),
                new ToolCallPart("c1", "getweather", JsonDocument.Parse("""{"text":"argument","name":"x","message":"y"}""").RootElement),
                new ToolResultPart("c1", JsonDocument.Parse("""{"type":"text","text":"result"}""").RootElement, IsError: true),
                new DataPart("image/png", "aGVsbG8="),
                new ErrorPart("quota\texceeded"),
            ],
        };
        var body = StoredJson.WriteBody(message);

        var fromParts = SearchText.Of(message.Content);

        Assert.Equal("Line one\nwith \"quotes\", ünïcödé and \u4e2d\u6587\ngetweather\nquota\texceeded", fromParts);
        Assert.Equal(fromParts, SearchText.OfBody(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(fromParts, SearchText.OfBody(body));
    }

    [Fact]
    public void TsVector_WordsLowercaseWithPositions_WithinPostgresBounds()
    {
        Assert.Equal("'the':1,4 'invoice':2 'is':3 'café':5", SearchText.TsVector([new TextPart("The Invoice, is the CAFÉ")]));
        var repeated = SearchText.TsVector([new TextPart(string.Join(' ', Enumerable.Repeat("again", 20_000)))]);
        var positions = repeated.Split(':')[1].Split(',').Select(int.Parse).ToArray();
        Assert.Equal(256, positions.Length);
        Assert.DoesNotContain(SearchText.TsVector([new TextPart(new string('x', 3_000) + " short")]), "xxx", StringComparison.Ordinal);
        var huge = SearchText.TsVector([new TextPart(string.Join(' ', Enumerable.Range(0, 200_000).Select(i => $"w{i:x6}")))]);
        var lexemeBytes = huge.Split(' ').Sum(entry => entry[1..entry.LastIndexOf('\'')].Length);
        Assert.InRange(lexemeBytes, 200 * 1024, 256 * 1024);
    }

    [Fact]
    public void TsQuery_TermsAndTheirWordsInARow()
    {
        Assert.Equal("('late' <-> 'payment') & ('inv':*) & ('e' <-> 'mail')", SearchText.TsQuery(SearchExpression.Parse("\"late payment\" inv* e-mail")));
    }

    [Theory]
    [InlineData("invoice", "Word:invoice")]
    [InlineData("Invoice LATE", "Word:invoice|Word:late")]
    [InlineData("\"late payment\" inv*", "Phrase:late payment|Prefix:inv")]
    [InlineData("\"two words\"*", "Prefix:two words")]
    [InlineData("e-mail NEAR(x) -y ^z '; DROP", "Word:e mail|Word:near x|Word:y|Word:z|Word:drop")]
    [InlineData("*** - ^ a", "Word:a")]
    public void Parse_Terms(string q, string expected)
    {
        var terms = SearchExpression.Parse(q);

        Assert.Equal(expected, string.Join('|', terms.Select(t => $"{t.Kind}:{string.Join(' ', t.Tokens)}")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\"open")]
    [InlineData("* - ^")]
    [InlineData("\"\"")]
    public void Parse_NothingToSearchOrUnclosedQuote_InvalidArgumentOnQ(string q)
    {
        var refused = Assert.Throws<InvalidArgumentException>(() => SearchExpression.Parse(q));

        Assert.Equal("q", Assert.Single(refused.Errors).Path);
    }

    [Fact]
    public void Snippet_LongText_WindowAroundTheFirstMatchWithMarks()
    {
        var text = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"w{i}")) + " invoice and then " + string.Join(' ', Enumerable.Range(41, 40).Select(i => $"w{i}"));

        var snippet = SearchText.Snippet(text, SearchExpression.Parse("invoice an*"));

        Assert.Equal("…w35 w36 w37 w38 w39 w40 **invoice** **and** then w41 w42 w43 w44 w45 w46 w47 w48 w49 w50 w51 w52 w53 w54 w55 …", snippet);
    }
}
