using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;
using Threads.Grains.State.Internal;
using Threads.Grains.Storage;

namespace Threads.Grains.State;

/// <summary>Compiles registered state schemas once per version and validates state objects against them; one per silo.</summary>
public sealed class StateSchemaRegistry(IThreadStore store)
{
    private readonly ConcurrentDictionary<(string Ns, string Id), (long Version, JsonSchema Schema, JsonObject Defaults)> _compiled = new();

    /// <summary>Checks that a document is a usable JSON Schema and returns it compiled; throws InvalidArgumentException otherwise.</summary>
    internal static async Task<JsonSchema> CompileAsync(string schemaJson, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(schemaJson);
        }
        catch (JsonException)
        {
            throw InvalidArgumentException.ForField("schema", "is not valid JSON");
        }

        if (node is not JsonObject schemaObject)
        {
            throw InvalidArgumentException.ForField("schema", "must be a JSON Schema object");
        }

        // NJsonSchema 10.7 does not check "const"; the spec makes it equal to a one-value "enum".
        RewriteConst(schemaObject);
        try
        {
            return await JsonSchema.FromJsonAsync(schemaObject.ToJsonString(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw InvalidArgumentException.ForField("schema", $"is not a usable JSON Schema: {ex.Message}");
        }
    }

    /// <summary>The schema's defaults as a state object: every property's "default", nested objects included.</summary>
    internal static JsonObject Defaults(JsonNode? schema)
    {
        var result = schema?["default"] is JsonObject explicitDefault ? (JsonObject)explicitDefault.DeepClone() : [];
        if (schema?["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property?["default"] is { } value && !result.ContainsKey(name))
                {
                    result[name] = value.DeepClone();
                }
                else if (property?["properties"] is JsonObject && Defaults(property) is { Count: > 0 } nested)
                {
                    result[name] = result[name] is { } given ? JsonMergePatch.Apply(nested, given) : nested;
                }
            }
        }

        return result;
    }

    /// <summary>The schema's defaults; throws InvalidArgumentException if no schema has this id.</summary>
    internal async Task<JsonObject> GetDefaultsAsync(string ns, string schemaId, CancellationToken cancellationToken) =>
        (JsonObject)(await GetAsync(ns, schemaId, cancellationToken).ConfigureAwait(false)).Defaults.DeepClone();

    /// <summary>Validates a state object; throws SchemaViolationException listing every failing path.</summary>
    internal async Task ValidateAsync(string ns, string schemaId, JsonObject state, CancellationToken cancellationToken)
    {
        var (_, schema, _) = await GetAsync(ns, schemaId, cancellationToken).ConfigureAwait(false);
        var errors = new List<FieldError>();
        Flatten(schema.Validate(state.ToJsonString()), errors);
        if (errors.Count > 0)
        {
            throw new SchemaViolationException(
                $"The state breaks schema '{schemaId}' at {errors.Count} path(s): {string.Join(", ", errors.Select(e => e.Path))}.",
                errors);
        }
    }

    private async Task<(long Version, JsonSchema Schema, JsonObject Defaults)> GetAsync(string ns, string schemaId, CancellationToken cancellationToken)
    {
        var stored = await store.GetSchemaAsync(ns, schemaId, cancellationToken).ConfigureAwait(false)
            ?? throw InvalidArgumentException.ForField("stateSchemaId", $"no schema '{schemaId}' is registered in namespace '{ns}'");
        if (_compiled.TryGetValue((ns, schemaId), out var cached) && cached.Version == stored.Version)
        {
            return cached;
        }

        var compiled = (stored.Version, await CompileAsync(stored.SchemaJson, cancellationToken).ConfigureAwait(false), Defaults(JsonNode.Parse(stored.SchemaJson)));
        _compiled[(ns, schemaId)] = compiled;
        return compiled;
    }

    private static void RewriteConst(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.TryGetPropertyValue("const", out var value) && !obj.ContainsKey("enum"))
                {
                    obj.Remove("const");
                    obj["enum"] = new JsonArray(value?.DeepClone());
                }

                foreach (var (_, child) in obj.ToArray())
                {
                    RewriteConst(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteConst(child);
                }

                break;
        }
    }

    private static void Flatten(IEnumerable<ValidationError> errors, List<FieldError> into)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                var before = into.Count;
                foreach (var nested in child.Errors.Values)
                {
                    Flatten(nested, into);
                }

                if (into.Count > before)
                {
                    continue;
                }
            }

            var path = error.Path is null or "#" ? "state" : "state." + error.Path.TrimStart('#', '/').Replace('/', '.');
            into.Add(new FieldError(path, Describe(error.Kind)));
        }
    }

    private static string Describe(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.PropertyRequired => "is required",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not allowed by the schema",
        ValidationErrorKind.NotInEnumeration => "is not one of the allowed values",
        ValidationErrorKind.NumberTooBig => "is above the maximum",
        ValidationErrorKind.NumberTooSmall => "is below the minimum",
        ValidationErrorKind.StringTooShort => "is shorter than the minimum length",
        ValidationErrorKind.StringTooLong => "is longer than the maximum length",
        ValidationErrorKind.PatternMismatch => "does not match the pattern",
        _ => $"fails the schema ({kind})",
    };
}
