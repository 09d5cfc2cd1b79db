using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>
/// What the whole document says: its title, the silo's default address (not the one this request came in on, so the
/// document is the same from every silo), the tags, the bearer key scheme on every <c>/v1</c> operation, and no
/// <c>null</c> in any type: the API omits null fields rather than writing them, except in a thread's PATCH, where
/// <c>null</c> removes; and in the schemas only answers use, every field that is never null is required.
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

        var schemas = document.Components.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var inputs = Inputs(document, schemas);
        foreach (var (name, schema) in schemas)
        {
            if (!inputs.Contains(name) && schema is OpenApiSchema output)
            {
                RequireNonNull(output);
            }
        }

        foreach (var (name, schema) in schemas)
        {
            if (name != NullableBody)
            {
                WithoutNull(schema);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The components a request body uses, directly or through others.</summary>
    private static HashSet<string> Inputs(OpenApiDocument document, IDictionary<string, IOpenApiSchema> schemas)
    {
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(document.Paths.Values
            .SelectMany(static item => item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(static operation => operation.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())
            .Select(static media => media.Schema)
            .OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (inputs.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }
            }
            else if (schema is OpenApiSchema inline)
            {
                foreach (var child in Children(inline))
                {
                    pending.Push(child);
                }
            }
        }

        return inputs;
    }

    /// <summary>
    /// An answer carries exactly its fields that are not null, so in a schema only answers use, the properties whose
    /// type allows no null are the required ones: a generated client reads them without a check for absence, and
    /// checks the others (a last page has no <c>nextCursor</c>).
    /// </summary>
    private static void RequireNonNull(OpenApiSchema schema)
    {
        if (schema.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        schema.Required = new HashSet<string>(
            properties.Where(static p => p.Value is not OpenApiSchema inline
                || !((inline.Type is { } type && type.HasFlag(JsonSchemaType.Null)) || (inline.OneOf ?? []).Any(static s => s.Type == JsonSchemaType.Null)))
                .Select(static p => p.Key),
            StringComparer.Ordinal);
    }

    private static IEnumerable<IOpenApiSchema> Children(OpenApiSchema schema) =>
        (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? [])
            .Concat(new[] { schema.Items, schema.AdditionalProperties }.OfType<IOpenApiSchema>());

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

        foreach (var child in Children(target))
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
    }
}
