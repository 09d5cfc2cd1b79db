using System.Net;
using System.Text.Json;

namespace Threads.Silo.Tests.Apis;

[Collection(ClusterCollection.Name)]
public sealed class MessagesApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task Append_Shorthand_Returns201WithStoredMessages()
    {
        await CreateThreadAsync("t");

        using var response = await PostAsync("threads/t/messages", """{"messages":[{"role":"user","content":"My name is Guille","userId":"guille"},{"role":"assistant","content":[{"type":"text","text":"Hi"}]}]}""");

        var result = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(2, result.GetProperty("lastSeq").GetInt64());
        var first = result.GetProperty("messages")[0];
        Assert.Equal(1, first.GetProperty("seq").GetInt64());
        Assert.StartsWith("msg_", first.GetProperty("id").GetString());
        Assert.Equal("guille", first.GetProperty("userId").GetString());
        Assert.Equal("text", first.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("My name is Guille", first.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Append_StaleExpectedLastSeq_Returns412AndWritesNothing()
    {
        await CreateThreadAsync("t", ""","messages":[{"role":"user","content":"a"}]""");

        using var response = await PostAsync("threads/t/messages", """{"messages":[{"role":"user","content":"b"}],"expectedLastSeq":0}""");

        await ProblemAsync(response, HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(1, await LastSeqAsync("t"));
    }

    [Fact]
    public async Task Append_MissingThread_Returns404()
    {
        using var response = await PostAsync("threads/nobody/messages", """{"messages":[{"role":"user","content":"a"}]}""");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Append_SameIdempotencyKeyAndBody_ReturnsFirstResultAndWritesOnce()
    {
        await CreateThreadAsync("t");
        const string Body = """{"messages":[{"role":"user","content":"once"}]}""";
        using var first = await PostAsync("threads/t/messages", Body, "key-1");
        var original = await JsonAsync(first, HttpStatusCode.Created);

        using var retry = await PostAsync("threads/t/messages", Body, "key-1");

        var replayed = await JsonAsync(retry, HttpStatusCode.Created);
        Assert.Equal(original.GetRawText(), replayed.GetRawText());
        Assert.Equal(1, await LastSeqAsync("t"));
    }

    [Fact]
    public async Task Append_SameIdempotencyKeyOtherBody_Returns409AndWritesNothing()
    {
        await CreateThreadAsync("t");
        using (var first = await PostAsync("threads/t/messages", """{"messages":[{"role":"user","content":"a"}]}""", "key-2"))
        {
            await JsonAsync(first, HttpStatusCode.Created);
        }

        using var other = await PostAsync("threads/t/messages", """{"messages":[{"role":"user","content":"b"}]}""", "key-2");

        await ProblemAsync(other, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(1, await LastSeqAsync("t"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk")]
    public async Task Append_MalformedIdempotencyKey_Returns400(string key)
    {
        await CreateThreadAsync("t");

        using var response = await SendAsync(HttpMethod.Post, "threads/t/messages", """{"messages":[{"role":"user","content":"a"}]}""",
            r => r.Headers.TryAddWithoutValidation("Idempotency-Key", key));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "Idempotency-Key");
        Assert.Equal(0, await LastSeqAsync("t"));
    }

    [Fact]
    public async Task Append_LongestIdempotencyKey_IsAccepted()
    {
        await CreateThreadAsync("t");

        using var response = await PostAsync("threads/t/messages", """{"messages":[{"role":"user","content":"a"}]}""", new string('k', 128));

        await JsonAsync(response, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"a"}""", "$")]
    [InlineData("""not json""", "$")]
    [InlineData("""{}""", "messages")]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"messages":"hello"}""", "messages")]
    [InlineData("""{"messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":7,"content":"a"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":"a","seq":3}]}""", "messages[0].seq")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"sticker"}]}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"no type"}]}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":5}]}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"data","mediaType":"image/png","data":"%%%"}]}]}""", "messages[0].content[0].data")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"expectedLastSeq":"1"}""", "expectedLastSeq")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"runId":"bad id"}""", "runId")]
    public async Task Append_BadBody_Returns400NamingTheFieldAndWritesNothing(string body, string field)
    {
        await CreateThreadAsync("t");

        using var response = await PostAsync("threads/t/messages", body);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
        Assert.Equal(0, await LastSeqAsync("t"));
    }

    [Fact]
    public async Task Append_MessageOverSizeLimit_Returns413AndWritesNothing()
    {
        await CreateThreadAsync("t");
        var text = new string('x', (1024 * 1024) + 1);

        using var response = await PostAsync("threads/t/messages", $$"""{"messages":[{"role":"user","content":"{{text}}"}]}""");

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, await LastSeqAsync("t"));
    }

    [Fact]
    public async Task List_LimitOrderAndCursor_PagesTheLog()
    {
        await CreateThreadAsync("t", ""","messages":[{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"}]""");

        using var desc = await GetAsync("threads/t/messages?limit=2&order=desc");
        var page = await JsonAsync(desc, HttpStatusCode.OK);
        Assert.Equal([3L, 2L], Seqs(page));
        using var next = await GetAsync($"threads/t/messages?limit=2&cursor={page.GetProperty("nextCursor").GetString()}");
        var rest = await JsonAsync(next, HttpStatusCode.OK);
        Assert.Equal([1L], Seqs(rest));
        Assert.False(rest.TryGetProperty("nextCursor", out _));

        using var after = await GetAsync("threads/t/messages?after=1&before=3");
        var middle = await JsonAsync(after, HttpStatusCode.OK);
        Assert.Equal([2L], Seqs(middle));
    }

    [Theory]
    [InlineData("order=newest", "order")]
    [InlineData("limit=0", "limit")]
    [InlineData("after=x", "after")]
    [InlineData("cursor=zzz", "cursor")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        await CreateThreadAsync("t");

        using var response = await GetAsync($"threads/t/messages?{query}");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
    }

    [Fact]
    public async Task Trim_KeepLast_DropsOlderAndKeepsSeq()
    {
        await CreateThreadAsync("t", ""","messages":[{"role":"system","content":"rules"},{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"}]""");

        using var response = await PostAsync("threads/t/trim", """{"keepLast":1}""");

        var result = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(2, result.GetProperty("removed").GetInt64());
        Assert.Equal(2, result.GetProperty("thread").GetProperty("messageCount").GetInt64());
        using var log = await GetAsync("threads/t/messages");
        var kept = await JsonAsync(log, HttpStatusCode.OK);
        Assert.Equal([1L, 4L], Seqs(kept));
    }

    [Theory]
    [InlineData("{}", "keepLast")]
    [InlineData("""{"keepLast":-1}""", "keepLast")]
    [InlineData("""{"keepLast":"1"}""", "keepLast")]
    [InlineData("""{"keepLast":1,"keepSystem":"no"}""", "keepSystem")]
    public async Task Trim_BadBody_Returns400NamingTheField(string body, string field)
    {
        await CreateThreadAsync("t", ""","messages":[{"role":"user","content":"1"}]""");

        using var response = await PostAsync("threads/t/trim", body);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
    }

    private async Task<long> LastSeqAsync(string id)
    {
        using var response = await GetAsync($"threads/{id}");
        return (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("lastSeq").GetInt64();
    }

    private static long[] Seqs(JsonElement page) =>
        [.. page.GetProperty("messages").EnumerateArray().Select(static m => m.GetProperty("seq").GetInt64())];
}
