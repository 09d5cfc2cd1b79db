using Microsoft.OpenApi;

namespace Threads.Silo.Apis.Internal;

/// <summary>
/// Documents an endpoint's JSON body in OpenAPI without <c>Accepts</c>, which would also turn away (415) a body sent
/// without <c>Content-Type: application/json</c>; bodies here are read as JSON whatever their declared type.
/// </summary>
internal static class JsonBodyMetadata
{
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(static async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
