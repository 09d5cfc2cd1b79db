using Microsoft.OpenApi;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>
/// Turns a schema made in a transformer into references to the document's components, as the generator does for the
/// schemas it makes itself: every schema that carries a type's id becomes a named component, so a body and a response
/// share one <c>ContentPart</c> and a client generator names its types.
/// </summary>
internal static class SchemaComponents
{
    /// <summary>The generator's metadata key for a schema's id (the type's name).</summary>
    public const string SchemaIdKey = "x-schema-id";

    public static IOpenApiSchema Componentize(OpenApiDocument document, IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema target)
        {
            return schema;
        }

        if (target.Properties is { } properties)
        {
            foreach (var name in properties.Keys.ToList())
            {
                properties[name] = Componentize(document, properties[name]);
            }
        }

        target.Items = target.Items is null ? null : Componentize(document, target.Items);
        target.AdditionalProperties = target.AdditionalProperties is null ? null : Componentize(document, target.AdditionalProperties);
        Each(document, target.OneOf);
        Each(document, target.AnyOf);
        Each(document, target.AllOf);
        if (IdOf(target) is not { } id)
        {
            return target;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas.TryAdd(id, target);
        return new OpenApiSchemaReference(id, document);
    }

    public static string? IdOf(OpenApiSchema schema) =>
        schema.Metadata is { } metadata && metadata.TryGetValue(SchemaIdKey, out var id) && id is string { Length: > 0 } name ? name : null;

    private static void Each(OpenApiDocument document, IList<IOpenApiSchema>? schemas)
    {
        for (var i = 0; schemas is not null && i < schemas.Count; i++)
        {
            schemas[i] = Componentize(document, schemas[i]);
        }
    }
}
