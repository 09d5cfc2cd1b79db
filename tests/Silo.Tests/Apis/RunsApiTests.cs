using System.Net;

namespace Threads.Silo.Tests.Apis;

/// <summary>Runs and checkpoints over HTTP: statuses, Location, listing and the lease.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RunsApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task Start_Returns201WithLocationOfTheRun()
    {
        await CreateThreadAsync("run");

        using var response = await PostAsync("threads/run/runs", """{"runId":"r1","ttlSeconds":60}""");

        var run = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal($"/v1/namespaces/{Ns}/threads/run/runs/r1", response.Headers.Location?.OriginalString);
        using var read = await GetAsync("threads/run/runs/r1");
        Assert.Equal("r1", (await JsonAsync(read, HttpStatusCode.OK)).GetProperty("runId").GetString());
    }

    [Fact]
    public async Task Checkpoint_AppendsMessagesAndPatchesState_Returns200WithTheRun()
    {
        await CreateThreadAsync("cp");
        (await PostAsync("threads/cp/runs", """{"runId":"r1"}""")).Dispose();

        using var response = await PostAsync("threads/cp/runs/r1/checkpoints", """{"label":"after tool","messages":[{"role":"tool","content":"21C"}],"statePatch":{"step":1}}""");

        var run = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("after tool", run.GetProperty("lastCheckpoint").GetProperty("label").GetString());
        Assert.Equal(1, run.GetProperty("lastCheckpoint").GetProperty("seq").GetInt64());
        using var detail = await GetAsync("threads/cp/runs/r1");
        Assert.Single((await JsonAsync(detail, HttpStatusCode.OK)).GetProperty("checkpoints").EnumerateArray());
        using var messages = await GetAsync("threads/cp/messages?runId=r1");
        Assert.Single((await JsonAsync(messages, HttpStatusCode.OK)).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task CompleteAndFail_Return200WithStatus_ListFiltersByIt()
    {
        await CreateThreadAsync("ends");
        (await PostAsync("threads/ends/runs", """{"runId":"ok"}""")).Dispose();
        (await PostAsync("threads/ends/runs", """{"runId":"bad"}""")).Dispose();

        using var completed = await PostAsync("threads/ends/runs/ok/complete", "");
        using var failed = await PostAsync("threads/ends/runs/bad/fail", """{"error":"boom"}""");

        Assert.Equal("completed", (await JsonAsync(completed, HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("boom", (await JsonAsync(failed, HttpStatusCode.OK)).GetProperty("error").GetString());
        using var list = await GetAsync("threads/ends/runs?status=failed");
        var runs = (await JsonAsync(list, HttpStatusCode.OK)).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString());
        Assert.Equal(["bad"], runs);
    }

    [Fact]
    public async Task List_Paged_NextCursorWalksNewestFirst()
    {
        await CreateThreadAsync("pages");
        foreach (var id in new[] { "a", "b", "c" })
        {
            (await PostAsync("threads/pages/runs", $$"""{"runId":"{{id}}"}""")).Dispose();
            Clock.Advance(TimeSpan.FromMilliseconds(5));
        }

        using var first = await GetAsync("threads/pages/runs?limit=2");
        var page = await JsonAsync(first, HttpStatusCode.OK);
        using var second = await GetAsync($"threads/pages/runs?limit=2&cursor={Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!)}");
        var last = await JsonAsync(second, HttpStatusCode.OK);

        Assert.Equal(["c", "b"], page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()));
        Assert.Equal(["a"], last.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()));
        Assert.False(last.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task List_UnknownStatus_Returns400NamingIt()
    {
        await CreateThreadAsync("badstatus");

        using var response = await GetAsync("threads/badstatus/runs?status=sleeping");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "status");
    }

    [Fact]
    public async Task Resume_Interrupted_Returns200RunningWithLastCheckpoint()
    {
        await CreateThreadAsync("crash");
        (await PostAsync("threads/crash/runs", """{"runId":"r1","ttlSeconds":30}""")).Dispose();
        (await PostAsync("threads/crash/runs/r1/checkpoints", """{"label":"step-1"}""")).Dispose();
        Clock.Advance(TimeSpan.FromSeconds(31));
        using (var interrupted = await GetAsync("threads/crash/runs/r1"))
        {
            Assert.Equal("interrupted", (await JsonAsync(interrupted, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        using var resumed = await PostAsync("threads/crash/runs/r1/resume", "");
        using var again = await PostAsync("threads/crash/runs/r1/resume", "");

        var run = await JsonAsync(resumed, HttpStatusCode.OK);
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal("step-1", run.GetProperty("lastCheckpoint").GetProperty("label").GetString());
        await ProblemAsync(again, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Get_UnknownRun_Returns404()
    {
        await CreateThreadAsync("norun");

        using var response = await GetAsync("threads/norun/runs/missing");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Start_SameIdempotencyKey_StartsOneRun()
    {
        await CreateThreadAsync("idem");

        using var first = await PostAsync("threads/idem/runs", "{}", "start-1");
        using var retry = await PostAsync("threads/idem/runs", "{}", "start-1");

        Assert.Equal(
            (await JsonAsync(first, HttpStatusCode.Created)).GetProperty("runId").GetString(),
            (await JsonAsync(retry, HttpStatusCode.Created)).GetProperty("runId").GetString());
        using var list = await GetAsync("threads/idem/runs");
        Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("runs").EnumerateArray());
    }
}
