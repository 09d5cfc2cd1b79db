using System.Net;
using Microsoft.Playwright;
using Threads.Silo.Tests.Auth;
using Threads.Testing.Browser;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Dashboard;

/// <summary>Orleans' dashboard at <c>/dashboard</c>: off by default, and with keys configured only for an admin key of every namespace.</summary>
public sealed class DashboardTests(DashboardClusterFixture fixture) : IClassFixture<DashboardClusterFixture>
{
    // The page, one of its assets, and the API the page polls: the whole prefix is guarded, not only the page.
    public static readonly TheoryData<string> Paths = ["/dashboard/", "/dashboard/index.min.js", "/dashboard/DashboardCounters"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_NotEnabled_Answers404()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 1);
        await cluster.DeployAsync(Ct);

        using var response = await cluster.Http.GetAsync("dashboard/", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Dashboard_WithoutKey_Answers401(string path)
    {
        using var response = await AuthClusterFixture.SendAsync(fixture.Cluster.Http, key: null, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Dashboard_UnknownKey_Answers401()
    {
        using var response = await AuthClusterFixture.SendAsync(fixture.Cluster.Http, "unknown-key-0123456789abcdef", HttpMethod.Get, "/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(AuthClusterFixture.Writer)]
    [InlineData(AuthClusterFixture.Reader)]
    [InlineData(AuthClusterFixture.Alice)]
    [InlineData(DashboardClusterFixture.TenantAdmin)]
    public async Task Dashboard_KeyNotAdminOfEveryNamespace_Answers403(string key)
    {
        foreach (var path in Paths)
        {
            using var response = await AuthClusterFixture.SendAsync(fixture.Cluster.Http, key, HttpMethod.Get, path);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Dashboard_AdminKey_ServesPageAndApi()
    {
        using var page = await AuthClusterFixture.SendAsync(fixture.Cluster.Http, AuthClusterFixture.Admin, HttpMethod.Get, "/dashboard/");
        using var counters = await AuthClusterFixture.SendAsync(fixture.Cluster.Http, AuthClusterFixture.Admin, HttpMethod.Get, "/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Contains("totalActiveHostCount", await counters.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_InChromiumWithAdminKey_ShowsTheActiveSilo()
    {
        await using var chromium = new ChromiumSession();
        await chromium.InitializeAsync();
        await using var browser = await chromium.OpenAsync(fixture.Cluster.Silos[0].BaseAddress, AuthClusterFixture.Admin);
        var page = browser.Page;
        var failed = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("dashboard/");

        // The number comes from the dashboard's API, polled by its script with the key the context adds.
        var activeSilos = page.Locator(".info-box", new PageLocatorOptions { HasText = "Active Silos" }).Locator(".info-box-number");
        await Assertions.Expect(activeSilos).ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        Assert.Empty(failed);
    }
}
