using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>
/// What the whole document says: its title, the silo's default address (not the one this request came in on, so the
/// document is the same from every silo), the tags, the bearer key scheme on every <c>/v1</c> operation, and no
/// <c>null</c> in any type: the API omits null fields rather than writing them, except in a thread's PATCH, where
/// <c>null</c> removes.
/// </summary>
internal sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "bearer";

    /// <summary>The one body in which <c>null</c> means something (remove the field).</summary>
    private const string NullableBody = "UpdateThreadRequest";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Threads",
            Version = "v1",
            Description = "AI agents' conversation threads: message history, metadata, state, locks, runs and files, kept by namespace.",
        };
        document.Servers = [new OpenApiServer { Url = ThreadsSiloHostApplicationBuilderExtensions.DefaultUrl, Description = "A silo on its default address." }];
        document.Tags = new HashSet<OpenApiTag>(ApiTags.All.Select(static t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key of `Threads:Auth:Keys`, as `Authorization: Bearer <key>`. A silo without keys listens on loopback only and takes requests without one.",
            },
        };
        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Security = path.StartsWith("/v1/", StringComparison.Ordinal)
                    ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }]
                    : [];
                foreach (var schema in Schemas(operation))
                {
                    WithoutNull(schema);
                }
            }
        }

        foreach (var (name, schema) in document.Components.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (name != NullableBody)
            {
                WithoutNull(schema);
            }
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<IOpenApiSchema> Schemas(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter.Schema is { } schema)
            {
                yield return schema;
            }
        }

        foreach (var media in (operation.RequestBody?.Content?.Values ?? []).Concat((operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(static r => r.Content?.Values ?? [])))
        {
            if (media.Schema is { } schema)
            {
                yield return schema;
            }
        }
    }

    private static void WithoutNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema target)
        {
            return;
        }

        if (target.Type is { } type && type != JsonSchemaType.Null)
        {
            target.Type = type & ~JsonSchemaType.Null;
        }

        if (target.OneOf is { } oneOf)
        {
            foreach (var nullOnly in oneOf.OfType<OpenApiSchema>().Where(static s => s.Type == JsonSchemaType.Null).ToList())
            {
                oneOf.Remove(nullOnly);
            }
        }

        foreach (var child in (target.Properties?.Values ?? []).Concat(target.OneOf ?? []).Concat(target.AnyOf ?? []).Concat(target.AllOf ?? []))
        {
            WithoutNull(child);
        }

        // A nullable reference was a oneOf of null and the reference: without the null, it is the reference itself.
        foreach (var (name, property) in target.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is OpenApiSchema { OneOf: [OpenApiSchemaReference reference] } wrapper)
            {
                reference.Description = wrapper.Description ?? reference.Description;
                target.Properties![name] = reference;
            }
        }

        if (target.Items is { } items)
        {
            WithoutNull(items);
        }

        if (target.AdditionalProperties is { } additional)
        {
            WithoutNull(additional);
        }
    }
}
