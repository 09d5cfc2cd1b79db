using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Threads.Silo.Tests.Auth;
using Threads.Testing.Browser;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Ui;

/// <summary>
/// A one-silo cluster with <see cref="AuthClusterFixture"/>'s keys over a real SQLite file, and one Chromium, for the
/// thread browser's tests. Threads are made through the API, as a client would make them.
/// </summary>
public sealed class BrowserClusterFixture : IAsyncLifetime
{
    public const string Tenant = AuthClusterFixture.Tenant;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"threads-ui-{Guid.NewGuid():N}");

    public ThreadsTestCluster Cluster { get; private set; } = null!;

    public ChromiumSession Chromium { get; } = new();

    public Uri BaseAddress => Cluster.Silos[0].BaseAddress;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            AuthClusterFixture.AddKeys(o.Configuration);
            o.Configuration["Threads:Storage:Provider"] = "Sqlite";
            o.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "threads.db")}";
        });
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
        await Chromium.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A new browser page signed in with <paramref name="key"/> through the sign-in form.</summary>
    public async Task<BrowserPage> SignInAsync(string key, string path = "/ui/")
    {
        var browser = await Chromium.OpenAsync(BaseAddress);
        var page = browser.Page;
        await page.GotoAsync(path);
        await page.Locator("#key").FillAsync(key);
        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/ui/_signin", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        return browser;
    }

    /// <summary>Sends one API call with <paramref name="key"/>; <paramref name="path"/> is under <c>v1/namespaces/tenant-a/</c>.</summary>
    public async Task<HttpResponseMessage> SendAsync(string key, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, $"v1/namespaces/{Tenant}/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Creates a thread through the API with <paramref name="json"/> (an id is added) and returns its id.</summary>
    public async Task<string> CreateThreadAsync(string key, string json)
    {
        var id = $"t-{Guid.NewGuid():N}";
        using var response = await SendAsync(key, HttpMethod.Post, "threads", $"{{\"id\":\"{id}\",{json.TrimStart().TrimStart('{')}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return id;
    }

    /// <summary>Appends through the API and checks it was stored.</summary>
    public async Task AppendAsync(string key, string threadId, string messagesJson)
    {
        using var response = await SendAsync(key, HttpMethod.Post, $"threads/{threadId}/messages", $"{{\"messages\":{messagesJson}}}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
