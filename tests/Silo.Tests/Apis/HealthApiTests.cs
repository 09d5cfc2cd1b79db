using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Threads.Grains.Storage;
using Threads.Silo.Hosting.Health;
using Threads.Silo.Tests.Fakes;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Apis;

[Collection(ClusterCollection.Name)]
public sealed class HealthApiTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_Up_Returns200()
    {
        using var response = await fixture.Cluster.Http.GetAsync("healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ok\"", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Readyz_StoreAnswers_Returns200()
    {
        using var response = await fixture.Cluster.Http.GetAsync("readyz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_StoreUnreachable_Returns503WithRetryAfter()
    {
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.ConfigureStorage = static s => s.AddSingleton<IThreadStore>(new FakeThreadStore { Ping = static () => false });
        });
        await cluster.DeployAsync(Ct);

        using var response = await cluster.Http.GetAsync("readyz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("Not ready: storage unreachable.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var healthz = await cluster.Http.GetAsync("healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    [Fact]
    public async Task Readyz_ApplicationCheckTaggedReady_IsPartOfReadiness()
    {
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.ConfigureServices = static s => s.AddHealthChecks()
                .AddCheck("queue", static () => HealthCheckResult.Unhealthy("queue backlog"), tags: [ThreadsHealthChecks.ReadyTag]);
        });
        await cluster.DeployAsync(Ct);

        using var response = await cluster.Http.GetAsync("readyz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Not ready: queue backlog.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Served_DescribesTheThreadsRoutes()
    {
        using var response = await fixture.Cluster.Http.GetAsync("openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/namespaces/{ns}/threads", out var threads));
        Assert.True(threads.GetProperty("post").TryGetProperty("requestBody", out _));
        Assert.True(paths.TryGetProperty("/v1/namespaces/{ns}/threads/{id}/messages", out _));
        Assert.True(paths.TryGetProperty("/v1/namespaces/{ns}/resources/{resourceId}/current-thread", out _));
    }
}
