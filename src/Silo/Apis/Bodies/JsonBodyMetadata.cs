using Microsoft.OpenApi;
using Threads.Silo.Apis.OpenApi;

namespace Threads.Silo.Apis.Bodies;

/// <summary>
/// Documents an endpoint's JSON body in OpenAPI without <c>Accepts</c>, which would also turn away (415) a body sent
/// without <c>Content-Type: application/json</c>; bodies here are read as JSON whatever their declared type.
/// </summary>
internal static class JsonBodyMetadata
{
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder endpoint, bool required = true, string mediaType = "application/json") =>
        endpoint.AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
            SetAsync(operation, context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken), context.Document, required, mediaType));

    private static async Task SetAsync(OpenApiOperation operation, Task<OpenApiSchema> schema, OpenApiDocument? document, bool required, string mediaType)
    {
        var body = await schema.ConfigureAwait(false);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = required,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [mediaType] = new() { Schema = document is null ? body : SchemaComponents.Componentize(document, body) },
            },
        };
    }
}
