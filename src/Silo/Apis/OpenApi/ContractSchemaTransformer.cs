using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Problems;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>
/// Says in the schemas what the contract's converters do, which the generator cannot see: times are ISO-8601
/// strings, roles and run states are closed sets, a message's content is a <c>oneOf</c> of named parts selected by
/// <c>type</c> (and on input may be a plain string), a problem's <c>code</c> is one of the API's codes, and in a
/// thread's PATCH <c>null</c> removes a field.
/// </summary>
internal sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var underlying = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type);
        var type = underlying ?? context.JsonTypeInfo.Type;

        // A converter's type is written as the generator finds it (no type at all); a nullable one keeps its null.
        var text = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        if (type == typeof(DateTimeOffset))
        {
            schema.Type = text;
            schema.Format = "date-time";
        }
        else if (type == typeof(MessageRole))
        {
            schema.Type = text;
            schema.Enum = [.. MessageRole.Known.Select(static r => (JsonNode)JsonValue.Create(r.Value))];
        }
        else if (type == typeof(RunStatus))
        {
            schema.Type = text;
        }
        else if (type == typeof(ContentPart))
        {
            Parts(schema);
        }
        else if (type == typeof(Problem))
        {
            ProblemCodes(schema);
        }
        else if (type == typeof(UpdateThreadRequest))
        {
            ThreadPatchBody(schema);
        }

        if (context.JsonPropertyInfo is { Name: "content" } property && property.DeclaringType == typeof(NewMessage))
        {
            // On input a plain string is one text part (ContentListJsonConverter).
            var parts = new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema.Items };
            schema.Type = null;
            schema.Items = null;
            schema.OneOf = [new OpenApiSchema { Type = JsonSchemaType.String, Description = "One text part." }, parts];
        }

        return Task.CompletedTask;
    }

    /// <summary>The parts as <c>oneOf</c> (exactly one matches, by <c>type</c>) rather than <c>anyOf</c>, each an object that requires its <c>type</c>.</summary>
    private static void Parts(OpenApiSchema schema)
    {
        if (schema.AnyOf is not { Count: > 0 } parts)
        {
            return;
        }

        schema.OneOf = parts;
        schema.AnyOf = null;
        schema.Required = null;
        schema.Type = null;
        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        foreach (var part in parts.OfType<OpenApiSchema>())
        {
            part.Type = JsonSchemaType.Object;
            part.Required ??= new HashSet<string>(StringComparer.Ordinal);
            part.Required.Add("type");
            if (SchemaComponents.IdOf(part) is { } id && part.Properties?["type"] is OpenApiSchema { Enum: [JsonValue discriminator] })
            {
                mapping[discriminator.GetValue<string>()] = new OpenApiSchemaReference(id);
            }
        }

        schema.Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping };
    }

    /// <summary>The body of a thread's PATCH as <see cref="ThreadPatch"/> reads it, where <c>null</c> removes.</summary>
    private static void ThreadPatchBody(OpenApiSchema schema)
    {
        schema.Description = "A change to a thread's header: absent fields stay as they are.";
        if (schema.Properties is not { } properties)
        {
            return;
        }

        foreach (var (name, what) in new[] { ("title", "The new title"), ("resourceId", "The resource to move it to") })
        {
            if (properties[name] is OpenApiSchema text)
            {
                text.Type = JsonSchemaType.String | JsonSchemaType.Null;
                text.Description = $"{what}; null or the empty string removes it.";
            }
        }

        foreach (var flag in new[] { "hidden", "archived" })
        {
            if (properties[flag] is OpenApiSchema boolean)
            {
                boolean.Type = JsonSchemaType.Boolean;
            }
        }

        if (properties["metadata"] is OpenApiSchema metadata)
        {
            metadata.Type = JsonSchemaType.Object | JsonSchemaType.Null;
            metadata.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null };
            metadata.Description = "Keys to set, merged into the thread's; a null value removes that key, and a null metadata changes nothing.";
        }
    }

    private static void ProblemCodes(OpenApiSchema schema)
    {
        if (schema.Properties?["code"] is OpenApiSchema code)
        {
            code.Enum = [.. ApiProblems.Codes.Select(static c => (JsonNode)JsonValue.Create(c))];
        }
    }
}
