using System.Net;
using Threads.TestingHost;
using static Threads.Silo.Tests.Auth.AuthClusterFixture;

namespace Threads.Silo.Tests.Auth;

/// <summary><c>Threads:RateLimit</c>: a token bucket per key, or per client address without one; off by default.</summary>
public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_OverTheLimit_RateLimitedWithRetryAfterAndOtherKeysUnaffected()
    {
        await using var cluster = await StartAsync(static c =>
        {
            AddKeys(c);
            c["Threads:RateLimit:PermitsPerSecond"] = "1";
        });

        // A bucket of one that refills once a second: of five calls in a row, at most one more can pass.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await SendAsync(cluster.Http, Reader, HttpMethod.Get, "threads");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && limited is null)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var otherKey = await SendAsync(cluster.Http, Writer, HttpMethod.Get, "threads");

        Assert.NotNull(limited);
        Assert.Equal("rate_limited", await CodeAsync(limited));
        Assert.True(int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        limited.Dispose();
    }

    [Fact]
    public async Task UnknownKeys_OverTheLimit_RateLimitedByAddress()
    {
        await using var cluster = await StartAsync(static c =>
        {
            AddKeys(c);
            c["Threads:RateLimit:PermitsPerSecond"] = "1";
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await SendAsync(cluster.Http, $"guess-{i}-0123456789abcdef", HttpMethod.Get, "threads");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Calls_NoRateLimitConfigured_NeverLimited()
    {
        await using var cluster = await StartAsync(static _ => { });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            using var response = await SendAsync(cluster.Http, null, HttpMethod.Get, "threads");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, static s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Healthz_OverTheLimit_NotLimited()
    {
        await using var cluster = await StartAsync(static c => c["Threads:RateLimit:PermitsPerSecond"] = "1");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await cluster.Http.GetAsync("healthz", Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, static s => Assert.Equal(HttpStatusCode.OK, s));
    }

    private static async Task<ThreadsTestCluster> StartAsync(Action<IDictionary<string, string?>> configure)
    {
        var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            configure(o.Configuration);
        });
        await cluster.DeployAsync(Ct);
        return cluster;
    }
}
