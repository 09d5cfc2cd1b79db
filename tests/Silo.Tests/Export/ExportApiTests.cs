using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Threads.Silo.Tests.Apis;

namespace Threads.Silo.Tests.Export;

/// <summary>Export, import, cleanup and conditional delete over HTTP.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ExportApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task ExportDeleteImport_GivesBackTheSameThreadByteForByte()
    {
        await CreateThreadAsync("orig", ""","resourceId":"r","title":"T","metadata":{"k":"v"}""");
        (await PostAsync("threads/orig/messages", """{"messages":[{"role":"user","content":"héllo \u2603"},{"role":"assistant","content":[{"type":"tool_call","callId":"c1","name":"f","arguments":{"n":1.50,"deep":[1,{"x":null}]}}]}]}""")).Dispose();
        (await SendAsync(HttpMethod.Put, "threads/orig/state", """{"state":{"step":2}}""")).Dispose();
        using (var file = new HttpRequestMessage(HttpMethod.Put, V1("threads/orig/files/f.txt")) { Content = new ByteArrayContent([7, 8]) })
        {
            file.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            (await Http.SendAsync(file, Ct)).Dispose();
        }

        var messagesBefore = await MessagesJsonAsync("orig");
        using var export = await GetAsync("threads/orig/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var ndjson = await export.Content.ReadAsByteArrayAsync(Ct);
        var lines = Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["thread", "message", "message", "state", "file"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
        (await SendAsync(HttpMethod.Delete, "threads/orig")).Dispose();

        using var import = await ImportAsync(ndjson);

        var imported = await JsonAsync(import, HttpStatusCode.Created);
        Assert.Equal($"/v1/namespaces/{Ns}/threads/orig", import.Headers.Location?.OriginalString);
        Assert.Equal(("orig", "T", 2L), (imported.GetProperty("id").GetString(), imported.GetProperty("title").GetString(), imported.GetProperty("lastSeq").GetInt64()));
        Assert.Equal(messagesBefore, await MessagesJsonAsync("orig"));
        using var state = await GetAsync("threads/orig/state");
        Assert.Equal("""{"step":2}""", (await JsonAsync(state, HttpStatusCode.OK)).GetProperty("state").GetRawText());
        using var bytes = await GetAsync("threads/orig/files/f.txt");
        Assert.Equal([7, 8], await bytes.Content.ReadAsByteArrayAsync(Ct));
        using var again = await GetAsync("threads/orig/export");
        Assert.Equal(ndjson, await again.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Export_MissingThread_Returns404Problem()
    {
        using var response = await GetAsync("threads/none/export");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Import_ExistingId_Returns409()
    {
        await CreateThreadAsync("taken");
        using var export = await GetAsync("threads/taken/export");

        using var response = await ImportAsync(await export.Content.ReadAsByteArrayAsync(Ct));

        await ProblemAsync(response, HttpStatusCode.Conflict, "already_exists");
    }

    [Fact]
    public async Task Import_BadLine_Returns400NamingTheLineAndCreatesNothing()
    {
        var ndjson = """
            {"type":"thread","thread":{"id":"broken","namespace":"NS","createdAt":"2026-11-22T10:00:00.000Z","updatedAt":"2026-11-22T10:00:00.000Z","version":1,"lastSeq":1,"messageCount":1,"metadata":{}}}
            {"type":"message","message":{"seq":1,"id":"msg_1","role":"user","content":[{"type":"text","text":"x"}],"createdAt":"2026-11-22T10:00:00.000Z"}}
            {"type":"message","message":
            """.Replace("NS", Ns, StringComparison.Ordinal);

        using var response = await ImportAsync(Encoding.UTF8.GetBytes(ndjson));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "line 3");
        using var get = await GetAsync("threads/broken");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("""{"type":"thread","thread":{"namespace":"x"}}""", "'id' is required")]
    [InlineData("""{"type":"thread","thread":{"id":"t","createdAt":5}}""", "'createdAt' has the wrong type or an invalid value")]
    [InlineData("""{"type":"thread"}""", "it has no 'thread' field")]
    [InlineData("""{"type":5}""", "'type' must be a string")]
    [InlineData("""{"type":"thread",""", "it is not valid JSON")]
    public async Task Import_BadThreadLine_Returns400InTheExportsTermsWithoutTypeNames(string line, string reason)
    {
        using var response = await ImportAsync(Encoding.UTF8.GetBytes(line));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "line 1");
        var message = problem.GetProperty("errors")[0].GetProperty("message").GetString();
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"System\.|Threads\.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Import_HeaderWithoutMetadata_CreatesTheThreadWithEmptyMetadata()
    {
        var ndjson = """
            {"type":"thread","thread":{"id":"bare","namespace":"NS","createdAt":"2026-11-22T10:00:00.000Z","updatedAt":"2026-11-22T10:00:00.000Z","version":1,"lastSeq":1,"messageCount":1}}
            {"type":"message","message":{"seq":1,"id":"msg_1","role":"user","content":[{"type":"text","text":"x"}],"createdAt":"2026-11-22T10:00:00.000Z"}}
            """.Replace("NS", Ns, StringComparison.Ordinal);

        using var response = await ImportAsync(Encoding.UTF8.GetBytes(ndjson));

        var imported = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("{}", imported.GetProperty("metadata").GetRawText());
        using var get = await GetAsync("threads/bare");
        Assert.Equal("{}", (await JsonAsync(get, HttpStatusCode.OK)).GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Import_Empty_Returns400NamingLine1()
    {
        using var response = await ImportAsync([]);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "line 1");
    }

    [Fact]
    public async Task Cleanup_DryRunThenReal_CountsAndDeletesOnlyOldThreads()
    {
        await CreateThreadAsync("old", ""","resourceId":"res" """);
        await CreateThreadAsync("old-other", ""","resourceId":"other" """);
        Clock.Advance(TimeSpan.FromDays(1));
        var cutoff = Clock.GetUtcNow().ToString("O");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await CreateThreadAsync("new", ""","resourceId":"res" """);

        using var dry = await PostAsync("cleanup", $$"""{"updatedBefore":"{{cutoff}}","dryRun":true}""");
        using var resource = await PostAsync("cleanup", $$"""{"updatedBefore":"{{cutoff}}","resourceId":"res"}""");

        Assert.Equal("""{"deleted":2,"skipped":0,"dryRun":true}""", (await JsonAsync(dry, HttpStatusCode.OK)).GetRawText());
        Assert.Equal("""{"deleted":1,"skipped":0,"dryRun":false}""", (await JsonAsync(resource, HttpStatusCode.OK)).GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("threads/old")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("threads/old-other")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("threads/new")).StatusCode);
    }

    [Fact]
    public async Task Cleanup_MissingUpdatedBefore_Returns400NamingIt()
    {
        using var response = await PostAsync("cleanup", "{}");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "updatedBefore");
    }

    [Fact]
    public async Task Delete_IfUpdatedBefore_412WhenUpdatedSince204WhenOlder()
    {
        await CreateThreadAsync("cond");
        var before = Clock.GetUtcNow().ToString("O");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = Clock.GetUtcNow().ToString("O");

        using var refused = await SendAsync(HttpMethod.Delete, $"threads/cond?ifUpdatedBefore={Uri.EscapeDataString(before)}");
        using var accepted = await SendAsync(HttpMethod.Delete, $"threads/cond?ifUpdatedBefore={Uri.EscapeDataString(after)}");

        await ProblemAsync(refused, HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }

    [Fact]
    public async Task Delete_MalformedIfUpdatedBefore_Returns400NamingIt()
    {
        await CreateThreadAsync("condbad");

        using var response = await SendAsync(HttpMethod.Delete, "threads/condbad?ifUpdatedBefore=yesterday");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "ifUpdatedBefore");
    }

    private async Task<HttpResponseMessage> ImportAsync(byte[] ndjson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, V1("threads/import")) { Content = new ByteArrayContent(ndjson) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return await Http.SendAsync(request, Ct);
    }

    private async Task<string> MessagesJsonAsync(string id)
    {
        using var response = await GetAsync($"threads/{id}/messages?limit=200");
        return (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("messages").GetRawText();
    }
}
