using System.Net;
using System.Text.Json;

namespace Threads.Silo.Tests.Apis;

/// <summary>The problem+json shape the framework's problem details are written in: the contract's members only, whatever the caller accepts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProblemResponseTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task NotFound_AcceptingAnEventStream_ProblemWithTheContractMembersOnly()
    {
        using var response = await SendAsync(HttpMethod.Get, "threads/nobody-here", configure: static r => r.Headers.Accept.ParseAdd("text/event-stream"));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(["type", "title", "status", "detail", "code"], problem.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("about:blank", problem.GetProperty("type").GetString());
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task NotFound_RaisedByTheHandler_IsNotCacheable()
    {
        using var response = await GetAsync("threads/nobody-here");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.True(response.Headers.CacheControl is { NoCache: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task UnknownRoute_StatusCodePage_ProblemNamingTheRoute()
    {
        using var response = await GetAsync("no-such-route");

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal($"GET /v1/namespaces/{Ns}/no-such-route has no answer here.", problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task WrongMethod_ProblemWithTheSilosOwnCode()
    {
        using var response = await SendAsync(HttpMethod.Put, "threads");

        var problem = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(JsonValueKind.String, problem.GetProperty("title").ValueKind);
    }
}
