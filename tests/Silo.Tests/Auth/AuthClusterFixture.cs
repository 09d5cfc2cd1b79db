using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Auth;

/// <summary>A one-silo cluster with API keys configured: an admin for every namespace, and keys of each role and scope for <c>tenant-a</c>.</summary>
public sealed class AuthClusterFixture : IAsyncLifetime
{
    public const string Tenant = "tenant-a";
    public const string Admin = "admin-key-0123456789abcdef";
    public const string Writer = "writer-key-0123456789abcdef";
    public const string Reader = "reader-key-0123456789abcdef";
    public const string Alice = "alice-key-0123456789abcdef";
    public const string Bob = "bob-key-0123456789abcdef";
    public const string OtherTenant = "tenant-b-key-0123456789abcdef";

    public static readonly string[] AllKeys = [Admin, Writer, Reader, Alice, Bob, OtherTenant];

    public ThreadsTestCluster Cluster { get; private set; } = null!;

    /// <summary>Adds the keys to a cluster's configuration.</summary>
    public static void AddKeys(IDictionary<string, string?> configuration)
    {
        Key(0, Admin, "*", "Admin");
        Key(1, Writer, Tenant, "Write");
        Key(2, Reader, Tenant, "Read");
        Key(3, Alice, Tenant, "Write", "alice");
        Key(4, Bob, Tenant, "Write", "bob");
        Key(5, OtherTenant, "tenant-b", "Write");

        void Key(int index, string key, string ns, string role, string? userId = null)
        {
            configuration[$"Threads:Auth:Keys:{index}:Key"] = key;
            configuration[$"Threads:Auth:Keys:{index}:Namespaces:0"] = ns;
            configuration[$"Threads:Auth:Keys:{index}:Role"] = role;
            configuration[$"Threads:Auth:Keys:{index}:UserId"] = userId;
        }
    }

    public async ValueTask InitializeAsync()
    {
        Cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            AddKeys(o.Configuration);
        });
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Sends one request with <paramref name="key"/> (none when null); <paramref name="path"/> is relative to <c>v1/namespaces/tenant-a/</c> unless it starts with <c>/</c>.</summary>
    public Task<HttpResponseMessage> SendAsync(string? key, HttpMethod method, string path, string? json = null) =>
        SendAsync(Cluster.Http, key, method, path, json);

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, string? key, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith('/') ? path[1..] : $"v1/namespaces/{Tenant}/{path}");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            // Each route gets a well-formed request, so that what a test sees is the access rule, not a shape check.
            var mediaType = method == HttpMethod.Patch && path.EndsWith("/state", StringComparison.Ordinal) ? "application/merge-patch+json" : "application/json";
            request.Content = new StringContent(json, Encoding.UTF8, mediaType);
        }

        if (method == HttpMethod.Delete && path.EndsWith("/lock", StringComparison.Ordinal))
        {
            request.Headers.Add("Lock-Token", "1");
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The problem's <c>code</c>.</summary>
    public static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>Creates a thread with the admin key and returns its id.</summary>
    public async Task<string> CreateThreadAsync(string? userId = null, string resourceId = "r")
    {
        var id = $"t-{Guid.NewGuid():N}";
        var user = userId is null ? string.Empty : $",\"userId\":\"{userId}\"";
        using var response = await SendAsync(Admin, HttpMethod.Post, "threads",
            $"{{\"id\":\"{id}\",\"resourceId\":\"{resourceId}\"{user},\"messages\":[{{\"role\":\"user\",\"content\":\"secret of {userId}\"}}]}}");
        response.EnsureSuccessStatusCode();
        return id;
    }
}
