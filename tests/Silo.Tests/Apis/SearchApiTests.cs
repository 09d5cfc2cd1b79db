using System.Net;
using System.Text.Json;

namespace Threads.Silo.Tests.Apis;

/// <summary>API.md › Search over HTTP: words, phrases, prefixes, filters, pages, snippets, and every bad <c>q</c> a 400.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SearchApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task Search_WordsPhrasePrefix_HitsWithSnippetsBestFirst()
    {
        await CreateThreadAsync("s1", """
            ,"resourceId":"r1","messages":[
              {"role":"user","content":"The invoice from March is late"},
              {"role":"assistant","content":"Invoice, invoice: the invoice again"},
              {"role":"user","content":"Invoicing is hard"}]
            """);

        var words = await SearchAsync("q=invoice");
        var phrase = await SearchAsync($"q={Uri.EscapeDataString("\"invoice from march\"")}");
        var prefix = await SearchAsync("q=invoic*");

        Assert.Equal([2L, 1L], Seqs(words));
        Assert.False(words.TryGetProperty("nextCursor", out _));
        var best = words.GetProperty("hits")[0];
        Assert.Equal("s1", best.GetProperty("threadId").GetString());
        Assert.Equal("assistant", best.GetProperty("role").GetString());
        Assert.StartsWith("msg_", best.GetProperty("messageId").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", best.GetProperty("createdAt").GetString());
        Assert.Equal("**Invoice**, **invoice**: the **invoice** again", best.GetProperty("snippet").GetString());
        Assert.True(best.GetProperty("score").GetDouble() > words.GetProperty("hits")[1].GetProperty("score").GetDouble());
        Assert.Equal([1L], Seqs(phrase));
        Assert.Equal([1L, 2L, 3L], Seqs(prefix).Order());
        Assert.Equal("**Invoicing** is hard", prefix.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("seq").GetInt64() == 3).GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task Search_Filters_RoleThreadResourceAndHidden()
    {
        await CreateThreadAsync("f1", ""","resourceId":"ra","messages":[{"role":"user","content":"mango please"},{"role":"assistant","content":"mango here"}]""");
        await CreateThreadAsync("f2", ""","resourceId":"rb","messages":[{"role":"user","content":"mango too"}]""");
        await CreateThreadAsync("f3", ""","resourceId":"ra","hidden":true,"messages":[{"role":"user","content":"hidden mango"}]""");

        Assert.Equal(["f1/1", "f1/2", "f2/1"], Hits(await SearchAsync("q=mango")));
        Assert.Equal(["f1/1", "f1/2", "f2/1", "f3/1"], Hits(await SearchAsync("q=mango&includeHidden=true")));
        Assert.Equal(["f1/2"], Hits(await SearchAsync("q=mango&role=assistant")));
        Assert.Equal(["f2/1"], Hits(await SearchAsync("q=mango&threadId=f2")));
        Assert.Equal(["f1/1", "f1/2", "f3/1"], Hits(await SearchAsync("q=mango&resourceId=ra&includeHidden=true")));
    }

    [Fact]
    public async Task Search_Pages_EveryHitOnce_CursorBoundToItsQuery()
    {
        var messages = string.Join(',', Enumerable.Range(1, 25).Select(i => $$"""{"role":"user","content":"papaya {{string.Join(' ', Enumerable.Repeat("papaya", i % 4))}} number {{i}}"}"""));
        await CreateThreadAsync("p1", $$""","messages":[{{messages}}]""");

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await SearchAsync("q=papaya&limit=10" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(Seqs(page));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);
        var first = await SearchAsync("q=papaya&limit=10");
        using var otherQuery = await GetAsync($"search?q=number&limit=10&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}");

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), seen.Order());
        await ProblemAsync(otherQuery, HttpStatusCode.BadRequest, "invalid_argument", "cursor");
    }

    [Fact]
    public async Task Search_AcknowledgedAppendFoundAtOnce_DeletedThreadNoMore()
    {
        await CreateThreadAsync("a1");
        using (var appended = await PostAsync("threads/a1/messages", """{"messages":[{"role":"user","content":"quince jam"}]}"""))
        {
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        Assert.Equal(["a1/1"], Hits(await SearchAsync("q=quince")));
        using (var deleted = await SendAsync(HttpMethod.Delete, "threads/a1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Empty(Hits(await SearchAsync("q=quince")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("q=")]
    [InlineData("q=%20%20")]
    [InlineData("q=%22unbalanced")]
    [InlineData("q=*")]
    [InlineData("q=-")]
    [InlineData("q=%5E")]
    [InlineData("q=%22%22")]
    [InlineData("q=%27%3B%20--")]
    public async Task Search_NoWordOrBadQuotes_400NamingQ(string query)
    {
        using var response = await GetAsync("search?" + query);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "q");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("role=robot", "role")]
    [InlineData("threadId=bad%20id", "threadId")]
    [InlineData("includeHidden=maybe", "includeHidden")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Search_BadParameter_400NamingIt(string parameter, string path)
    {
        using var response = await GetAsync("search?q=word&" + parameter);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", path);
    }

    [Fact]
    public async Task Search_QOver256Characters_400()
    {
        using var response = await GetAsync("search?q=" + new string('a', 257));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "q");
    }

    [Fact]
    public async Task Search_OperatorsAndSqlTyped_LiteralWordsNeverAnEngineError()
    {
        await CreateThreadAsync("o1", ""","messages":[{"role":"user","content":"near the table, drop it or not"}]""");

        Assert.Equal(["o1/1"], Hits(await SearchAsync($"q={Uri.EscapeDataString("NEAR table")}")));
        Assert.Equal(["o1/1"], Hits(await SearchAsync($"q={Uri.EscapeDataString("'; DROP TABLE")}")));
        Assert.Equal(["o1/1"], Hits(await SearchAsync($"q={Uri.EscapeDataString("drop OR not")}")));
        Assert.Equal(["o1/1"], Hits(await SearchAsync($"q={Uri.EscapeDataString("-table ^near drop:it")}")));
        Assert.Empty(Hits(await SearchAsync($"q={Uri.EscapeDataString("table AND chair")}")));
    }

    [Fact]
    public async Task Search_FuzzedQ_Only200Or400NamingQ()
    {
        await CreateThreadAsync("z1", ""","messages":[{"role":"user","content":"fuzz target words: alpha beta gamma"}]""");
        const string Alphabet = "ab \"*-^:()'%;\\/NEAROTD+~{}[]|&!<>=@#$.,\u00e9\u4e2d\t";
        var random = new Random(20261207);
        for (var i = 0; i < 300; i++)
        {
            var q = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

            using var response = await GetAsync("search?q=" + Uri.EscapeDataString(q));

            if (response.StatusCode != HttpStatusCode.OK)
            {
                await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "q");
            }
        }
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        using var response = await GetAsync("search?" + query);
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    private static long[] Seqs(JsonElement page) => [.. page.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("seq").GetInt64())];

    private static string[] Hits(JsonElement page) =>
        [.. page.GetProperty("hits").EnumerateArray().Select(h => $"{h.GetProperty("threadId").GetString()}/{h.GetProperty("seq").GetInt64()}").Order(StringComparer.Ordinal)];
}
