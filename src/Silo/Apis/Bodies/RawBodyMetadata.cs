using Microsoft.OpenApi;

namespace Threads.Silo.Apis.Bodies;

/// <summary>
/// Documents a raw (not JSON) request or response body in OpenAPI without <c>Accepts</c>, which would turn away (415) a body of
/// another declared type: a file keeps whatever media type it is sent with.
/// </summary>
internal static class RawBodyMetadata
{
    public static RouteHandlerBuilder WithRawBody(this RouteHandlerBuilder endpoint, string mediaType) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [mediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>Documents a 200 whose body is raw bytes of any media type (a wildcard <c>Produces</c> cannot declare).</summary>
    public static RouteHandlerBuilder ProducesRawBody(this RouteHandlerBuilder endpoint, string mediaType) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "OK",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [mediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
            return Task.CompletedTask;
        });
}
