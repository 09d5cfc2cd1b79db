using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Apis;

/// <summary>Raw HTTP against the cluster: each test in a namespace of its own.</summary>
public abstract class ApiTests(ClusterFixture fixture)
{
    protected string Ns { get; } = "h" + Guid.NewGuid().ToString("N")[..16];

    protected ThreadsTestCluster Cluster => fixture.Cluster;

    protected HttpClient Http => fixture.Cluster.Http;

    protected FakeTimeProvider Clock => fixture.Clock;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected string V1(string path) => $"v1/namespaces/{Ns}/{path}";

    protected Task<HttpResponseMessage> PostAsync(string path, string json, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, json, request =>
        {
            if (idempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            }
        });

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, V1(path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        configure?.Invoke(request);
        return await Http.SendAsync(request, Ct);
    }

    protected Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    protected async Task<string> CreateThreadAsync(string id, string extra = "")
    {
        using var response = await PostAsync("threads", $$"""{"id":"{{id}}"{{extra}}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json with this status and code (and, if given, a failing field) and returns it.</summary>
    protected static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? path = null)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.True(problem.TryGetProperty("type", out _));
        if (path is not null)
        {
            var paths = problem.GetProperty("errors").EnumerateArray().Select(static e => e.GetProperty("path").GetString()).ToArray();
            Assert.Contains(path, paths);
        }

        return problem;
    }
}
