using System.Net;
using System.Text.Json.Nodes;

namespace Threads.Silo.Tests.OpenApi;

/// <summary>The OpenAPI document a silo serves, and its operations.</summary>
internal static class ServedDocument
{
    public static async Task<JsonNode> GetAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("openapi/v1.json", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
    }

    public static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(static path => path.Value!.AsObject()
            .Where(static o => o.Value is JsonObject)
            .Select(o => (path.Key, o.Key, o.Value!.AsObject())));
}
