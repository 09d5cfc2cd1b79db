using System.Net;
using static Threads.Silo.Tests.Auth.AuthClusterFixture;

namespace Threads.Silo.Tests.Auth;

/// <summary>With keys configured, every /v1 call needs a known key, for its namespace, with the role the call needs.</summary>
[Collection(AuthCollection.Name)]
public sealed class AccessTests(AuthClusterFixture fixture)
{
    public static TheoryData<string, string, string?> AllRoutes => AccessRoutes.Data(AccessRoutes.All);

    public static TheoryData<string, string, string?> WriteAndAdminRoutes => AccessRoutes.Data([.. AccessRoutes.Writes, .. AccessRoutes.AdminOnly]);

    public static TheoryData<string, string, string?> AdminRoutes => AccessRoutes.Data(AccessRoutes.AdminOnly);

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task AnyRoute_NoKey_UnauthorizedWithChallenge(string method, string path, string? body)
    {
        var id = await fixture.CreateThreadAsync();

        using var response = await fixture.SendAsync(null, new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("unauthorized", await CodeAsync(response));
        await AssertUnchangedAsync(id);
    }

    [Theory]
    [InlineData("Bearer not-a-key-0123456789abcdef")]
    [InlineData("Bearer admin-key-0123456789abcde")]
    [InlineData("Bearer admin-key-0123456789abcdef0")]
    [InlineData("Basic admin-key-0123456789abcdef")]
    [InlineData("admin-key-0123456789abcdef")]
    [InlineData("Bearer ")]
    public async Task GetThreads_UnknownOrMalformedCredentials_Unauthorized(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/namespaces/{Tenant}/threads");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await fixture.Cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await CodeAsync(response));
    }

    [Fact]
    public async Task GetThreads_LowercaseBearerScheme_Accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/namespaces/{Tenant}/threads");
        request.Headers.TryAddWithoutValidation("Authorization", $"bearer {Reader}");

        using var response = await fixture.Cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task AnyRoute_KeyForAnotherNamespace_Forbidden(string method, string path, string? body)
    {
        var id = await fixture.CreateThreadAsync();

        using var response = await fixture.SendAsync(OtherTenant, new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", await CodeAsync(response));
        await AssertUnchangedAsync(id);
    }

    [Theory]
    [MemberData(nameof(WriteAndAdminRoutes))]
    public async Task WriteRoute_ReadKey_Forbidden(string method, string path, string? body)
    {
        var id = await fixture.CreateThreadAsync();

        using var response = await fixture.SendAsync(Reader, new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", await CodeAsync(response));
        await AssertUnchangedAsync(id);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WriteKey_Forbidden(string method, string path, string? body)
    {
        using var response = await fixture.SendAsync(Writer, new HttpMethod(method), path, body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Admin role", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Reader)]
    [InlineData(Writer)]
    [InlineData(Alice)]
    [InlineData(OtherTenant)]
    public async Task ListNamespaces_KeyThatIsNotAnAdminForEveryNamespace_Forbidden(string key)
    {
        using var response = await fixture.SendAsync(key, HttpMethod.Get, "/v1/namespaces");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ListNamespaces_AdminKey_ListsTheNamespacesThatHoldThreads()
    {
        await fixture.CreateThreadAsync("alice");

        using var response = await fixture.SendAsync(Admin, HttpMethod.Get, "/v1/namespaces?limit=200");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Tenant, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_AdminKey_PassesAccessControl(string method, string path, string? body)
    {
        using var response = await fixture.SendAsync(Admin, new HttpMethod(method), path, body);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task ReadKey_Reads_Allowed()
    {
        var id = await fixture.CreateThreadAsync();

        using var thread = await fixture.SendAsync(Reader, HttpMethod.Get, $"threads/{id}");
        using var messages = await fixture.SendAsync(Reader, HttpMethod.Get, $"threads/{id}/messages");
        using var list = await fixture.SendAsync(Reader, HttpMethod.Get, "threads");

        Assert.Equal(HttpStatusCode.OK, thread.StatusCode);
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task WriteKey_ThreadOperations_Allowed()
    {
        using var created = await fixture.SendAsync(Writer, HttpMethod.Post, "threads", "{\"title\":\"w\"}");
        var location = created.Headers.Location!.OriginalString;
        var id = location[(location.LastIndexOf('/') + 1)..];

        using var appended = await fixture.SendAsync(Writer, HttpMethod.Post, $"threads/{id}/messages", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        using var patched = await fixture.SendAsync(Writer, HttpMethod.Patch, $"threads/{id}", "{\"title\":\"w2\"}");
        using var deleted = await fixture.SendAsync(Writer, HttpMethod.Delete, $"threads/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/openapi/v1.json")]
    public async Task OutsideV1_NoKey_Answered(string path)
    {
        using var response = await fixture.SendAsync(null, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownV1Route_NoKey_UnauthorizedNotNotFound()
    {
        using var response = await fixture.SendAsync(null, HttpMethod.Get, "/v1/nothing-here");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OutsideAnyNamespace_NamespaceScopedKey_Forbidden()
    {
        using var scoped = await fixture.SendAsync(Writer, HttpMethod.Get, "/v1/nothing-here");
        using var everywhere = await fixture.SendAsync(Admin, HttpMethod.Get, "/v1/nothing-here");

        Assert.Equal(HttpStatusCode.Forbidden, scoped.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, everywhere.StatusCode);
    }

    private async Task AssertUnchangedAsync(string id)
    {
        using var response = await fixture.SendAsync(Admin, HttpMethod.Get, $"threads/{id}?messages=10");
        var json = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"version\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"lastSeq\":1", json, StringComparison.Ordinal);
    }
}
