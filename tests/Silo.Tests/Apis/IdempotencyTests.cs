using System.Net;

namespace Threads.Silo.Tests.Apis;

/// <summary><c>Idempotency-Key</c> on the POSTs other than append, which the silo keeps itself.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task Create_RetryWithSameKey_ReturnsFirstThreadAndCreatesOne()
    {
        using var first = await PostAsync("threads", """{"title":"once"}""", "create-1");
        var created = await JsonAsync(first, HttpStatusCode.Created);

        using var retry = await PostAsync("threads", """{"title":"once"}""", "create-1");

        var replayed = await JsonAsync(retry, HttpStatusCode.Created);
        Assert.Equal(created.GetRawText(), replayed.GetRawText());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        using var list = await GetAsync("threads");
        Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("threads").EnumerateArray());
    }

    [Fact]
    public async Task Create_SameKeyOtherBody_Returns409AndCreatesNothing()
    {
        using (var first = await PostAsync("threads", """{"title":"a"}""", "create-2"))
        {
            await JsonAsync(first, HttpStatusCode.Created);
        }

        using var other = await PostAsync("threads", """{"title":"b"}""", "create-2");

        await ProblemAsync(other, HttpStatusCode.Conflict, "conflict");
        using var list = await GetAsync("threads");
        Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("threads").EnumerateArray());
    }

    [Fact]
    public async Task Append_SameKeyAndBody_ReplayMarkedIdempotentReplayedSameBody()
    {
        await CreateThreadAsync("replayed");
        const string Body = """{"messages":[{"role":"user","content":"once"}]}""";

        using var first = await PostAsync("threads/replayed/messages", Body, "append-r1");
        using var retry = await PostAsync("threads/replayed/messages", Body, "append-r1");

        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await JsonAsync(first, HttpStatusCode.Created)).GetRawText(), (await JsonAsync(retry, HttpStatusCode.Created)).GetRawText());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.DoesNotContain("replayed\":", await retry.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_SameKeyAfterTheWindow_CreatesAgainAndRemembersTheNewThread()
    {
        using (var first = await PostAsync("threads", """{"title":"daily"}""", "create-4"))
        {
            await JsonAsync(first, HttpStatusCode.Created);
        }

        Clock.Advance(TimeSpan.FromHours(25));
        using var again = await PostAsync("threads", """{"title":"daily"}""", "create-4");
        var second = await JsonAsync(again, HttpStatusCode.Created);
        using var retry = await PostAsync("threads", """{"title":"daily"}""", "create-4");

        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(second.GetRawText(), (await JsonAsync(retry, HttpStatusCode.Created)).GetRawText());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        using var list = await GetAsync("threads");
        Assert.Equal(2, (await JsonAsync(list, HttpStatusCode.OK)).GetProperty("threads").GetArrayLength());
    }

    [Fact]
    public async Task Create_FailedFirstAttempt_IsNotRemembered()
    {
        using (var bad = await PostAsync("threads", """{"title":5}""", "create-3"))
        {
            await ProblemAsync(bad, HttpStatusCode.BadRequest, "invalid_argument", "title");
        }

        using var fixedRetry = await PostAsync("threads", """{"title":"5"}""", "create-3");

        await JsonAsync(fixedRetry, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Clone_RetryWithSameKey_ReturnsFirstClone()
    {
        await CreateThreadAsync("src");
        using var first = await PostAsync("threads/src/clone", "{}", "clone-1");
        var clone = await JsonAsync(first, HttpStatusCode.Created);

        using var retry = await PostAsync("threads/src/clone", "{}", "clone-1");

        Assert.Equal(clone.GetProperty("id").GetString(), (await JsonAsync(retry, HttpStatusCode.Created)).GetProperty("id").GetString());
        using var list = await GetAsync("threads");
        Assert.Equal(2, (await JsonAsync(list, HttpStatusCode.OK)).GetProperty("threads").GetArrayLength());
    }

    [Fact]
    public async Task CurrentThread_RetryWithSameKey_ReplaysCreatedStatus()
    {
        using var first = await PostAsync("resources/r1/current-thread", "{}", "current-1");
        var created = await JsonAsync(first, HttpStatusCode.Created);

        using var retry = await PostAsync("resources/r1/current-thread", "{}", "current-1");

        Assert.Equal(created.GetProperty("id").GetString(), (await JsonAsync(retry, HttpStatusCode.Created)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Trim_RetryWithSameKey_ReplaysFirstResult()
    {
        await CreateThreadAsync("t", ""","messages":[{"role":"user","content":"1"},{"role":"user","content":"2"}]""");
        using var first = await PostAsync("threads/t/trim", """{"keepLast":1}""", "trim-1");
        Assert.Equal(1, (await JsonAsync(first, HttpStatusCode.OK)).GetProperty("removed").GetInt64());

        using var retry = await PostAsync("threads/t/trim", """{"keepLast":1}""", "trim-1");

        Assert.Equal(1, (await JsonAsync(retry, HttpStatusCode.OK)).GetProperty("removed").GetInt64());
    }

    [Fact]
    public async Task Key_UsedOnAnotherOperation_Returns409()
    {
        await CreateThreadAsync("t");
        using (var append = await PostAsync("threads/t/messages", """{"messages":[{"role":"user","content":"a"}]}""", "shared"))
        {
            await JsonAsync(append, HttpStatusCode.Created);
        }

        using var clone = await PostAsync("threads/t/clone", "{}", "shared");

        await ProblemAsync(clone, HttpStatusCode.Conflict, "conflict");
    }
}
