using System.Net;
using Threads.Silo.Tests.Apis;

namespace Threads.Silo.Tests.OpenApi;

/// <summary>The OpenAPI document lists the routes of every area.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiRoutesTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Theory]
    [InlineData("/v1/namespaces/{ns}/schemas/{schemaId}")]
    [InlineData("/v1/namespaces/{ns}/threads/{id}/state")]
    [InlineData("/v1/namespaces/{ns}/threads/{id}/lock")]
    [InlineData("/v1/namespaces/{ns}/threads/{id}/runs/{runId}/checkpoints")]
    [InlineData("/v1/namespaces/{ns}/threads/{id}/files/{filename}")]
    [InlineData("/v1/namespaces/{ns}/threads/{id}/events")]
    [InlineData("/v1/namespaces/{ns}/events")]
    [InlineData("/v1/namespaces/{ns}/threads/{id}/export")]
    [InlineData("/v1/namespaces/{ns}/threads/import")]
    [InlineData("/v1/namespaces/{ns}/cleanup")]
    public async Task OpenApi_ListsTheRoute(string route)
    {
        using var response = await Http.GetAsync("openapi/v1.json", Ct);

        var document = await JsonAsync(response, HttpStatusCode.OK);
        Assert.True(document.GetProperty("paths").TryGetProperty(route, out _), $"{route} is not in the OpenAPI document");
    }
}
