using System.Net;
using System.Text.Json;
using static Threads.Silo.Tests.Auth.AuthClusterFixture;

namespace Threads.Silo.Tests.Auth;

/// <summary>A key with a <c>userId</c> sees and touches only that user's threads; every other thread is absent to it.</summary>
[Collection(AuthCollection.Name)]
public sealed class UserScopeHttpTests(AuthClusterFixture fixture)
{
    public static TheoryData<string, string, string?> ThreadRoutes => AccessRoutes.Data(
        [.. AccessRoutes.Reads, .. AccessRoutes.Streams, .. AccessRoutes.Writes]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(ThreadRoutes))]
    public async Task OtherUsersThread_AnyRoute_NotFoundAndUnchanged(string method, string path, string? body)
    {
        if (!path.Contains("{id}", StringComparison.Ordinal))
        {
            return;
        }

        var bobs = await fixture.CreateThreadAsync("bob");
        var before = await SnapshotAsync(bobs);

        using var response = await fixture.SendAsync(Alice, new HttpMethod(method), path.Replace("{id}", bobs, StringComparison.Ordinal), body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("secret of bob", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(bobs));
    }

    [Fact]
    public async Task OwnThread_UserKey_Works()
    {
        var bobs = await fixture.CreateThreadAsync("bob");

        using var thread = await fixture.SendAsync(Bob, HttpMethod.Get, $"threads/{bobs}");
        using var appended = await fixture.SendAsync(Bob, HttpMethod.Post, $"threads/{bobs}/messages", "{\"messages\":[{\"role\":\"user\",\"content\":\"more\"}]}");
        using var messages = await fixture.SendAsync(Bob, HttpMethod.Get, $"threads/{bobs}/messages");
        using var clone = await fixture.SendAsync(Bob, HttpMethod.Post, $"threads/{bobs}/clone", "{}");

        Assert.Equal(HttpStatusCode.OK, thread.StatusCode);
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Contains("secret of bob", await messages.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("bob", (await JsonAsync(clone)).GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Create_UserKey_OwnedByKeysUser()
    {
        using var response = await fixture.SendAsync(Alice, HttpMethod.Post, "threads", "{\"title\":\"mine\"}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("alice", (await JsonAsync(response)).GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Create_UserKeyForAnotherUser_ForbiddenAndNothingCreated()
    {
        var id = $"t-{Guid.NewGuid():N}";

        using var response = await fixture.SendAsync(Alice, HttpMethod.Post, "threads", $"{{\"id\":\"{id}\",\"userId\":\"bob\"}}");
        using var after = await fixture.SendAsync(Admin, HttpMethod.Get, $"threads/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", await CodeAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Search_UserKey_FindsOnlyOwnUsersThreads()
    {
        var word = "w" + Guid.NewGuid().ToString("N");
        var threads = new Dictionary<string, string?>();
        foreach (var user in new[] { "alice", "bob", null, "alice" })
        {
            var id = $"t-{Guid.NewGuid():N}";
            var owner = user is null ? string.Empty : $",\"userId\":\"{user}\"";
            using var created = await fixture.SendAsync(Admin, HttpMethod.Post, "threads", $"{{\"id\":\"{id}\"{owner},\"messages\":[{{\"role\":\"user\",\"content\":\"{word} of {user}\"}}]}}");
            created.EnsureSuccessStatusCode();
            threads[id] = user;
        }

        using var alices = await fixture.SendAsync(Alice, HttpMethod.Get, $"search?q={word}");
        using var admins = await fixture.SendAsync(Admin, HttpMethod.Get, $"search?q={word}");

        string[] Found(JsonElement page) => [.. page.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("threadId").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(threads.Where(t => t.Value == "alice").Select(t => t.Key).Order(StringComparer.Ordinal), Found(await JsonAsync(alices)));
        Assert.Equal(threads.Keys.Order(StringComparer.Ordinal), Found(await JsonAsync(admins)));
    }

    [Fact]
    public async Task List_UserKey_OnlyOwnThreads()
    {
        var resource = $"res-{Guid.NewGuid():N}";
        var alices = await fixture.CreateThreadAsync("alice", resource);
        await fixture.CreateThreadAsync("bob", resource);
        await fixture.CreateThreadAsync(null, resource);

        using var byResource = await fixture.SendAsync(Alice, HttpMethod.Get, $"threads?resourceId={resource}");
        using var all = await fixture.SendAsync(Alice, HttpMethod.Get, "threads?limit=200&includeHidden=true");

        var listed = (await JsonAsync(byResource)).GetProperty("threads").EnumerateArray().Select(static t => t.GetProperty("id").GetString()!).ToArray();
        Assert.Equal([alices], listed);
        Assert.All((await JsonAsync(all)).GetProperty("threads").EnumerateArray(), static t => Assert.Equal("alice", t.GetProperty("userId").GetString()));
    }

    [Fact]
    public async Task List_UserKeyAskingForAnotherUser_Forbidden()
    {
        using var response = await fixture.SendAsync(Alice, HttpMethod.Get, "threads?userId=bob");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task CurrentThread_UserKey_NeverAnotherUsersThread()
    {
        var resource = $"res-{Guid.NewGuid():N}";
        var bobs = await fixture.CreateThreadAsync("bob", resource);

        using var response = await fixture.SendAsync(Alice, HttpMethod.Post, $"resources/{resource}/current-thread", "{}");
        var thread = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(bobs, thread.GetProperty("id").GetString());
        Assert.Equal("alice", thread.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task IdempotencyKey_ReusedByAnotherUser_DoesNotReplayFirstUsersResult()
    {
        var key = Guid.NewGuid().ToString("N");

        using var first = await SendWithIdempotencyKeyAsync(Bob, key);
        using var second = await SendWithIdempotencyKeyAsync(Alice, key);
        var bobs = await JsonAsync(first);
        var alices = await JsonAsync(second);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(bobs.GetProperty("id").GetString(), alices.GetProperty("id").GetString());
        Assert.Equal("alice", alices.GetProperty("userId").GetString());
    }

    private async Task<HttpResponseMessage> SendWithIdempotencyKeyAsync(string apiKey, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/{Tenant}/threads")
        {
            Content = new StringContent("{\"title\":\"same body\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", apiKey);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await fixture.Cluster.Http.SendAsync(request, Ct);
    }

    private async Task<string> SnapshotAsync(string id)
    {
        using var thread = await fixture.SendAsync(Admin, HttpMethod.Get, $"threads/{id}?messages=200");
        Assert.Equal(HttpStatusCode.OK, thread.StatusCode);
        return await thread.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}
