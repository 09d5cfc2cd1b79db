using System.Net;
using System.Text.RegularExpressions;

namespace Threads.Silo.Tests.Apis;

[Collection(ClusterCollection.Name)]
public sealed partial class ThreadsApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task Create_WithId_Returns201WithLocationETagAndContractJson()
    {
        using var response = await PostAsync("threads", """{"id":"t1","resourceId":"project-xyz","userId":"alice","title":"Support","metadata":{"priority":"high"}}""");

        var thread = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/v1/namespaces/{Ns}/threads/t1", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal("t1", thread.GetProperty("id").GetString());
        Assert.Equal(Ns, thread.GetProperty("namespace").GetString());
        Assert.Equal("high", thread.GetProperty("metadata").GetProperty("priority").GetString());
        Assert.Equal(1, thread.GetProperty("version").GetInt64());
        Assert.Matches(TimeFormat(), thread.GetProperty("createdAt").GetString());
        Assert.False(thread.TryGetProperty("parent", out _), "null fields are omitted");
    }

    [Fact]
    public async Task Create_WithoutId_GeneratesThreadId()
    {
        using var response = await PostAsync("threads", "{}");

        var thread = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Matches("^thread_[0-9a-f]{24}$", thread.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Create_EmptyBody_CreatesThread()
    {
        using var response = await SendAsync(HttpMethod.Post, "threads");

        await JsonAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_ExistingId_Returns409AlreadyExists()
    {
        await CreateThreadAsync("dup", ""","title":"first" """);

        using var response = await PostAsync("threads", """{"id":"dup","title":"second"}""");

        await ProblemAsync(response, HttpStatusCode.Conflict, "already_exists");
        using var get = await GetAsync("threads/dup");
        Assert.Equal("first", (await JsonAsync(get, HttpStatusCode.OK)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("""{"id":"bad id"}""", "id")]
    [InlineData("""{"title":5}""", "title")]
    [InlineData("""{"metadata":{"a":null}}""", "metadata.a")]
    [InlineData("""{"metadata":{"a":1}}""", "metadata.a")]
    [InlineData("""{"unknown":1}""", "unknown")]
    [InlineData("""{"hidden":"yes"}""", "hidden")]
    [InlineData("""{"userid":"x"}""", "userid")]
    [InlineData("""{"Title":"cap"}""", "Title")]
    [InlineData("""{"USERID":"u"}""", "USERID")]
    [InlineData("""{"title":"a","title":"b"}""", "title")]
    [InlineData("""{"metadata":{"k":"a","k":"b"}}""", "metadata.k")]
    [InlineData("""{"messages":[{"role":"user","Content":"x"}]}""", "messages[0].Content")]
    [InlineData("""{"stateSchemaId":"unregistered"}""", "stateSchemaId")]
    [InlineData("""{"messages":[{"role":"robot","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"id":""", "$")]
    [InlineData("""[1,2]""", "$")]
    [InlineData("""null""", "$")]
    public async Task Create_BadBody_Returns400NamingTheFieldAndWritesNothing(string body, string field)
    {
        using var response = await PostAsync("threads", body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
        Assert.DoesNotMatch(@"System\.|Threads\.", problem.GetProperty("detail").GetString());
        using var list = await GetAsync("threads");
        Assert.Empty((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("threads").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"title":5}""", "title", "must be a string")]
    [InlineData("""{"hidden":"yes"}""", "hidden", "must be true or false")]
    [InlineData("""{"metadata":[]}""", "metadata", "must be an object")]
    [InlineData("""{"messages":{}}""", "messages", "must be an array")]
    [InlineData("""{"messages":[{"role":"user","content":"x","metadata":"m"}]}""", "messages[0].metadata", "must be an object")]
    public async Task Create_WrongType_Returns400NamingTheExpectedType(string body, string field, string expected)
    {
        using var response = await PostAsync("threads", body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
        var error = problem.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("path").GetString() == field);
        Assert.Equal(expected, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Create_NestedTooDeep_Returns400SayingSoNotInvalidJson()
    {
        var body = """{"title":"t","messages":[{"role":"tool","content":[{"type":"tool_result","callId":"c","result":""" + new string('[', 5000) + new string(']', 5000) + "}]}]}";

        using var response = await PostAsync("threads", body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "$");
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("nested more than 64 levels deep", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid JSON", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyProblem_DetailWithQuotes_WrittenWithoutUnicodeEscapes()
    {
        using var response = await GetAsync("threads/nobody-here");

        var raw = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'nobody-here'", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyRoute_InvalidNamespace_Returns400()
    {
        using var response = await Http.GetAsync("v1/namespaces/Not_Valid/threads/t1", Ct);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "namespace");
    }

    [Fact]
    public async Task Get_Missing_Returns404Problem()
    {
        using var response = await GetAsync("threads/nobody");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Get_WithMessages_ReturnsLastNOldestFirst()
    {
        await CreateThreadAsync("t", ""","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]""");

        using var response = await GetAsync("threads/t?messages=2");

        var thread = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        var seqs = thread.GetProperty("messages").EnumerateArray().Select(static m => m.GetProperty("seq").GetInt64());
        Assert.Equal([2L, 3L], seqs);
    }

    [Fact]
    public async Task Patch_MatchingIfMatch_UpdatesAndRaisesVersion()
    {
        await CreateThreadAsync("t", ""","title":"old","metadata":{"a":"1","b":"2"}""");

        using var response = await SendAsync(HttpMethod.Patch, "threads/t", """{"title":null,"metadata":{"a":null,"c":"3"},"archived":true}""", r => r.Headers.TryAddWithoutValidation("If-Match", "\"1\""));

        var thread = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        Assert.False(thread.TryGetProperty("title", out _));
        Assert.True(thread.GetProperty("archived").GetBoolean());
        var metadata = thread.GetProperty("metadata");
        Assert.False(metadata.TryGetProperty("a", out _));
        Assert.Equal("2", metadata.GetProperty("b").GetString());
        Assert.Equal("3", metadata.GetProperty("c").GetString());
    }

    [Fact]
    public async Task Patch_StaleIfMatch_Returns412AndChangesNothing()
    {
        await CreateThreadAsync("t", ""","title":"old" """);
        using (var first = await SendAsync(HttpMethod.Patch, "threads/t", """{"title":"new"}"""))
        {
            await JsonAsync(first, HttpStatusCode.OK);
        }

        using var response = await SendAsync(HttpMethod.Patch, "threads/t", """{"title":"stale"}""", r => r.Headers.TryAddWithoutValidation("If-Match", "\"1\""));

        await ProblemAsync(response, HttpStatusCode.PreconditionFailed, "precondition_failed");
        using var get = await GetAsync("threads/t");
        Assert.Equal("new", (await JsonAsync(get, HttpStatusCode.OK)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("W/\"1\"")]
    [InlineData("\"one\"")]
    public async Task Patch_MalformedIfMatch_Returns400(string ifMatch)
    {
        await CreateThreadAsync("t");

        using var response = await SendAsync(HttpMethod.Patch, "threads/t", """{"title":"x"}""", r => r.Headers.TryAddWithoutValidation("If-Match", ifMatch));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "If-Match");
    }

    [Theory]
    [InlineData("""{"title":1}""", "title")]
    [InlineData("""{"hidden":null}""", "hidden")]
    [InlineData("""{"metadata":{"a":2}}""", "metadata.a")]
    [InlineData("""{"id":"x"}""", "id")]
    [InlineData("""{"resourceId":"bad id"}""", "resourceId")]
    [InlineData("""{"title":""", "$")]
    [InlineData("""[]""", "$")]
    public async Task Patch_BadBody_Returns400NamingTheField(string body, string field)
    {
        await CreateThreadAsync("t");

        using var response = await SendAsync(HttpMethod.Patch, "threads/t", body);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
        using var get = await GetAsync("threads/t");
        Assert.Equal(1, (await JsonAsync(get, HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Delete_Existing_Returns204ThenNotFound()
    {
        await CreateThreadAsync("t");

        using var response = await SendAsync(HttpMethod.Delete, "threads/t");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var get = await GetAsync("threads/t");
        await ProblemAsync(get, HttpStatusCode.NotFound, "not_found");
        using var again = await SendAsync(HttpMethod.Delete, "threads/t");
        await ProblemAsync(again, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Clone_Returns201WithLocationAndParent()
    {
        await CreateThreadAsync("src", ""","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]""");

        using var response = await PostAsync("threads/src/clone", """{"id":"copy","upToSeq":1}""");

        var clone = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/v1/namespaces/{Ns}/threads/copy", response.Headers.Location?.OriginalString);
        Assert.Equal("src", clone.GetProperty("parent").GetProperty("threadId").GetString());
        Assert.Equal(1, clone.GetProperty("parent").GetProperty("seq").GetInt64());
        Assert.Equal(1, clone.GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task CurrentThread_NoneThenSome_Returns201Then200SameThread()
    {
        using var first = await PostAsync("resources/project-1/current-thread", """{"title":"Chat"}""");
        var created = await JsonAsync(first, HttpStatusCode.Created);
        Assert.NotNull(first.Headers.Location);

        using var second = await PostAsync("resources/project-1/current-thread", "{}");

        var current = await JsonAsync(second, HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("id").GetString(), current.GetProperty("id").GetString());
        Assert.Equal("Chat", current.GetProperty("title").GetString());
        Assert.Equal("project-1", current.GetProperty("resourceId").GetString());
    }

    [Fact]
    public async Task List_ByResourceAndArchived_FiltersAndPages()
    {
        await CreateThreadAsync("a1", ""","resourceId":"r" """);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await CreateThreadAsync("a2", ""","resourceId":"r","metadata":{"k":"v"}""");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await CreateThreadAsync("b1", ""","resourceId":"other" """);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        using (var archive = await SendAsync(HttpMethod.Patch, "threads/a1", """{"archived":true}"""))
        {
            await JsonAsync(archive, HttpStatusCode.OK);
        }

        using var all = await GetAsync("threads?limit=2");
        var page = await JsonAsync(all, HttpStatusCode.OK);
        Assert.Equal<string>(["a1", "b1"], Ids(page));
        using var next = await GetAsync($"threads?limit=2&cursor={page.GetProperty("nextCursor").GetString()}");
        var last = await JsonAsync(next, HttpStatusCode.OK);
        Assert.Equal<string>(["a2"], Ids(last));
        Assert.False(last.TryGetProperty("nextCursor", out _));

        using var live = await GetAsync("threads?resourceId=r&archived=false");
        Assert.Equal<string>(["a2"], Ids(await JsonAsync(live, HttpStatusCode.OK)));
        using var tagged = await GetAsync("threads?metadata.k=v");
        Assert.Equal<string>(["a2"], Ids(await JsonAsync(tagged, HttpStatusCode.OK)));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("archived=maybe", "archived")]
    [InlineData("includeHidden=1", "includeHidden")]
    [InlineData("updatedAfter=yesterday", "updatedAfter")]
    [InlineData("resourceId=bad%20id", "resourceId")]
    [InlineData("cursor=nonsense", "cursor")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await GetAsync($"threads?{query}");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var response = await Http.GetAsync("v2/nothing", Ct);

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        using var response = await SendAsync(HttpMethod.Put, "threads/t", "{}");

        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    private static string[] Ids(System.Text.Json.JsonElement page) =>
        [.. page.GetProperty("threads").EnumerateArray().Select(static t => t.GetProperty("id").GetString()!)];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TimeFormat();
}
