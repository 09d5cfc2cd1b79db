using System.Net;

namespace Threads.Silo.Tests.Apis;

/// <summary>Locks over HTTP: acquire, 423 with the holder, Lock-Token on writes, release.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LocksApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    private const string OneMessage = """{"messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task Acquire_Free_Returns200WithTokenAndExpiry()
    {
        await CreateThreadAsync("lk");

        using var response = await PostAsync("threads/lk/lock", """{"holder":"agent-1","ttlSeconds":60}""");

        var held = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("agent-1", held.GetProperty("holder").GetString());
        Assert.True(held.GetProperty("token").GetInt64() > 0);
        Assert.Equal(Clock.GetUtcNow().AddSeconds(60), held.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Get_Held_Returns200WithHolderAndExpiryButNotTheToken()
    {
        await CreateThreadAsync("who");
        using (await PostAsync("threads/who/lock", """{"holder":"agent-1","ttlSeconds":60}"""))
        {
        }

        using var response = await SendAsync(HttpMethod.Get, "threads/who/lock");

        var held = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("agent-1", held.GetProperty("holder").GetString());
        Assert.Equal(Clock.GetUtcNow().AddSeconds(60), held.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.False(held.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Get_Free_Returns404NamingTheLock()
    {
        await CreateThreadAsync("free");

        using var free = await SendAsync(HttpMethod.Get, "threads/free/lock");
        using var missing = await SendAsync(HttpMethod.Get, "threads/missing-thread/lock");

        var problem = await ProblemAsync(free, HttpStatusCode.NotFound, "not_found");
        Assert.Contains("is not locked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(missing, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Acquire_HeldByAnother_Returns423WithHolderAndExpiry()
    {
        await CreateThreadAsync("busy");
        (await PostAsync("threads/busy/lock", """{"holder":"agent-1","ttlSeconds":60}""")).Dispose();

        using var response = await PostAsync("threads/busy/lock", """{"holder":"ui","ttlSeconds":60}""");

        var problem = await ProblemAsync(response, HttpStatusCode.Locked, "locked");
        Assert.Equal("agent-1", problem.GetProperty("holder").GetString());
        Assert.Equal(Clock.GetUtcNow().AddSeconds(60), problem.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.EndsWith($"until {problem.GetProperty("expiresAt").GetString()}.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_LockedWithoutToken_Returns423WithTokenAccepted()
    {
        await CreateThreadAsync("guard");
        long token;
        using (var held = await PostAsync("threads/guard/lock", """{"holder":"agent","ttlSeconds":60}"""))
        {
            token = (await JsonAsync(held, HttpStatusCode.OK)).GetProperty("token").GetInt64();
        }

        using var refused = await PostAsync("threads/guard/messages", OneMessage);
        using var accepted = await SendAsync(HttpMethod.Post, "threads/guard/messages", OneMessage, r => r.Headers.TryAddWithoutValidation("Lock-Token", $"{token}"));

        await ProblemAsync(refused, HttpStatusCode.Locked, "locked");
        Assert.Equal(1, (await JsonAsync(accepted, HttpStatusCode.Created)).GetProperty("lastSeq").GetInt64());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1, 2")]
    public async Task AnyWrite_MalformedLockToken_Returns400NamingTheHeader(string token)
    {
        await CreateThreadAsync("malformed");

        using var response = await SendAsync(HttpMethod.Post, "threads/malformed/messages", OneMessage, r => r.Headers.TryAddWithoutValidation("Lock-Token", token));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "Lock-Token");
        using var thread = await GetAsync("threads/malformed");
        Assert.Equal(0, (await JsonAsync(thread, HttpStatusCode.OK)).GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Release_WithToken_Returns204AndFreesTheLock()
    {
        await CreateThreadAsync("release");
        long token;
        using (var held = await PostAsync("threads/release/lock", """{"holder":"a","ttlSeconds":60}"""))
        {
            token = (await JsonAsync(held, HttpStatusCode.OK)).GetProperty("token").GetInt64();
        }

        using var released = await SendAsync(HttpMethod.Delete, "threads/release/lock", configure: r => r.Headers.TryAddWithoutValidation("Lock-Token", $"{token}"));

        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        using var other = await PostAsync("threads/release/lock", """{"holder":"b","ttlSeconds":60}""");
        Assert.Equal("b", (await JsonAsync(other, HttpStatusCode.OK)).GetProperty("holder").GetString());
    }

    [Fact]
    public async Task Release_WithoutToken_Returns400NamingTheHeader()
    {
        await CreateThreadAsync("notoken");

        using var response = await SendAsync(HttpMethod.Delete, "threads/notoken/lock");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "Lock-Token");
    }

    [Fact]
    public async Task Release_OtherToken_Returns423()
    {
        await CreateThreadAsync("othertoken");
        (await PostAsync("threads/othertoken/lock", """{"holder":"a","ttlSeconds":60}""")).Dispose();

        using var response = await SendAsync(HttpMethod.Delete, "threads/othertoken/lock", configure: r => r.Headers.TryAddWithoutValidation("Lock-Token", "999"));

        await ProblemAsync(response, HttpStatusCode.Locked, "locked");
    }

    [Fact]
    public async Task Acquire_MissingTtl_Returns400NamingIt()
    {
        await CreateThreadAsync("nottl");

        using var response = await PostAsync("threads/nottl/lock", """{"holder":"a"}""");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "ttlSeconds");
    }
}
