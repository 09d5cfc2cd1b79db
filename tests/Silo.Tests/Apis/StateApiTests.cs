using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Threads.Silo.Tests.Apis;

/// <summary>Schemas and state over HTTP: ETags, If-Match, merge-patch and schema violations.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StateApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    private const string Schema = """{"type":"object","properties":{"steps":{"type":"integer","maximum":5,"default":0},"mode":{"enum":["a","b"]}}}""";

    [Fact]
    public async Task Schema_PutThenGet_SameDocumentWithVersionETag()
    {
        using var put = await SendAsync(HttpMethod.Put, "schemas/agent", Schema);
        var stored = await JsonAsync(put, HttpStatusCode.OK);
        using var get = await GetAsync("schemas/agent");
        var read = await JsonAsync(get, HttpStatusCode.OK);

        Assert.Equal("agent", read.GetProperty("id").GetString());
        Assert.Equal(5, read.GetProperty("schema").GetProperty("properties").GetProperty("steps").GetProperty("maximum").GetInt32());
        Assert.Equal("\"1\"", get.Headers.ETag?.ToString());
        Assert.Equal(stored.GetProperty("version").GetInt64(), read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Schema_ListThenDelete_PagesByIdThen204AndGone()
    {
        foreach (var id in (string[])["s3", "s1", "s2"])
        {
            (await SendAsync(HttpMethod.Put, $"schemas/{id}", Schema)).Dispose();
        }

        using var first = await GetAsync("schemas?limit=2");
        var page = await JsonAsync(first, HttpStatusCode.OK);
        using var second = await GetAsync($"schemas?limit=2&cursor={page.GetProperty("nextCursor").GetString()}");
        var last = await JsonAsync(second, HttpStatusCode.OK);
        using var deleted = await SendAsync(HttpMethod.Delete, "schemas/s2");
        using var again = await SendAsync(HttpMethod.Delete, "schemas/s2");
        using var after = await GetAsync("schemas");

        Assert.Equal(["s1", "s2"], page.GetProperty("schemas").EnumerateArray().Select(static s => s.GetProperty("id").GetString()));
        Assert.Equal(5, page.GetProperty("schemas")[0].GetProperty("schema").GetProperty("properties").GetProperty("steps").GetProperty("maximum").GetInt32());
        Assert.Equal(["s3"], last.GetProperty("schemas").EnumerateArray().Select(static s => s.GetProperty("id").GetString()));
        Assert.False(last.TryGetProperty("nextCursor", out _));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAsync(again, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(["s1", "s3"], (await JsonAsync(after, HttpStatusCode.OK)).GetProperty("schemas").EnumerateArray().Select(static s => s.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("schemas?limit=0", "limit")]
    [InlineData("schemas?limit=201", "limit")]
    [InlineData("schemas?cursor=not*base64", "cursor")]
    public async Task Schema_ListBadPage_Returns400NamingIt(string path, string field)
    {
        using var response = await GetAsync(path);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", field);
    }

    [Fact]
    public async Task Namespaces_List_TheNamespacesThatHoldThreadsPagedInOrder()
    {
        await CreateThreadAsync("holder");
        (await SendAsync(HttpMethod.Put, "schemas/only-a-schema", Schema)).Dispose();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await Http.GetAsync("v1/namespaces?limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}"), Ct);
            var page = await JsonAsync(response, HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("namespaces").EnumerateArray().Select(static n => n.GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Contains(Ns, seen);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Distinct(), seen);
    }

    [Fact]
    public async Task Schema_GetMissing_Returns404()
    {
        using var response = await GetAsync("schemas/none");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Create_WithSchemaAndState_StartsFromDefaultsMergedWithState()
    {
        (await SendAsync(HttpMethod.Put, "schemas/agent", Schema)).Dispose();
        await CreateThreadAsync("st", ""","stateSchemaId":"agent","state":{"mode":"b"}""");

        using var response = await GetAsync("threads/st/state");

        var state = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("""{"steps":0,"mode":"b"}""", state.GetProperty("state").GetRawText());
        Assert.Equal(1, state.GetProperty("version").GetInt64());
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task PutState_StaleIfMatch_Returns412AndChangesNothing()
    {
        await CreateThreadAsync("stale");
        using (var first = await SendAsync(HttpMethod.Put, "threads/stale/state", """{"state":{"a":1}}""", r => r.Headers.TryAddWithoutValidation("If-Match", "\"1\"")))
        {
            var changed = await JsonAsync(first, HttpStatusCode.OK);
            Assert.Equal(2, changed.GetProperty("version").GetInt64());
            Assert.Equal(["a"], changed.GetProperty("changedKeys").EnumerateArray().Select(k => k.GetString()));
            Assert.Equal("\"2\"", first.Headers.ETag?.ToString());
        }

        using var stale = await SendAsync(HttpMethod.Put, "threads/stale/state", """{"state":{"a":2}}""", r => r.Headers.TryAddWithoutValidation("If-Match", "\"1\""));

        await ProblemAsync(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
        using var read = await GetAsync("threads/stale/state");
        Assert.Equal("""{"a":1}""", (await JsonAsync(read, HttpStatusCode.OK)).GetProperty("state").GetRawText());
    }

    [Fact]
    public async Task PutState_MissingStateField_Returns400NamingIt()
    {
        await CreateThreadAsync("nostate");

        using var response = await SendAsync(HttpMethod.Put, "threads/nostate/state", """{"a":1}""");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "a");
    }

    [Fact]
    public async Task PatchState_MergePatch_MergesAndListsChangedKeys()
    {
        await CreateThreadAsync("patch");
        (await SendAsync(HttpMethod.Put, "threads/patch/state", """{"state":{"a":1,"b":{"c":1,"d":2}}}""")).Dispose();

        using var response = await PatchStateAsync("patch", """{"a":null,"b":{"d":3}}""", "application/merge-patch+json");

        var changed = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("""{"b":{"c":1,"d":3}}""", changed.GetProperty("state").GetRawText());
        Assert.Equal(["a", "b"], changed.GetProperty("changedKeys").EnumerateArray().Select(k => k.GetString()));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task PatchState_NotMergePatchContentType_Returns415AndChangesNothing(string? contentType)
    {
        await CreateThreadAsync("ctype");

        using var response = await PatchStateAsync("ctype", """{"a":1}""", contentType);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using var read = await GetAsync("threads/ctype/state");
        Assert.Equal(1, (await JsonAsync(read, HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task PatchState_BreaksSchema_Returns422WithEveryPath()
    {
        (await SendAsync(HttpMethod.Put, "schemas/agent", Schema)).Dispose();
        await CreateThreadAsync("bad", ""","stateSchemaId":"agent" """);

        using var response = await PatchStateAsync("bad", """{"steps":9,"mode":"z"}""", "application/merge-patch+json");

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "schema_violation", "state.steps");
        Assert.Contains("state.mode", problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task GetState_MissingThread_Returns404()
    {
        using var response = await GetAsync("threads/ghost/state");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private async Task<HttpResponseMessage> PatchStateAsync(string id, string body, string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, V1($"threads/{id}/state"));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return await Http.SendAsync(request, Ct);
    }
}
