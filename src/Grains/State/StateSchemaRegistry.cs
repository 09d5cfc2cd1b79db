using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Threads.Grains.State.Internal;
using Threads.Grains.Storage;

namespace Threads.Grains.State;

/// <summary>
/// Compiles registered state schemas once per version and validates state objects against them; one per silo. A schema
/// is read as JSON Schema 2020-12 unless its <c>$schema</c> names draft 6, draft 7 or 2019-09; unknown keywords are
/// allowed (and ignored), <c>format</c> is checked, and nothing is fetched: a <c>$ref</c> resolves within the document.
/// </summary>
public sealed class StateSchemaRegistry(IThreadStore store)
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly ConcurrentDictionary<(string Ns, string Id), Compiled> _compiled = new();

    /// <summary>Checks that a document is a usable JSON Schema and returns it compiled; throws InvalidArgumentException otherwise.</summary>
    internal static JsonSchema Compile(string schemaJson)
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

        if (node is not JsonObject)
        {
            throw InvalidArgumentException.ForField("schema", "must be a JSON Schema object");
        }

        if (UnresolvedReference(node, node) is { } reference)
        {
            throw InvalidArgumentException.ForField("schema", $"is not a usable JSON Schema: could not resolve '{reference}' (a $ref points within the document; nothing is fetched)");
        }

        try
        {
            // A registry of its own: schemas of different namespaces may share an $id.
            return JsonSchema.FromText(schemaJson, new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or RegexParseException or JsonException)
        {
            throw InvalidArgumentException.ForField("schema", $"is not a usable JSON Schema: {ex.Message}");
        }
    }
    /// <summary>
    /// The first <c>$ref</c> in <paramref name="node"/> that names no part of <paramref name="root"/>: a JSON pointer
    /// (<c>#/$defs/a</c>), an <c>$anchor</c> (<c>#a</c>) or a schema's own <c>$id</c>; null when all resolve. The
    /// evaluator resolves references only when it reaches them, so a schema is checked here once, when it is put.
    /// </summary>
    private static string? UnresolvedReference(JsonNode? node, JsonNode root)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference) && !Resolves(reference, root))
                {
                    return reference;
                }

                foreach (var (name, child) in obj)
                {
                    if (!HoldsData(name) && UnresolvedReference(child, root) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                return array.Select(child => UnresolvedReference(child, root)).FirstOrDefault(static found => found is not null);
            default:
                return null;
        }
    }

    /// <summary>Keywords whose values are data, not subschemas: a "$ref" or "$id" inside them means nothing.</summary>
    private static bool HoldsData(string keyword) => keyword is "const" or "enum" or "default" or "examples";

    private static bool Resolves(string reference, JsonNode root) => reference switch
    {
        "#" => true,
        ['#', '/', ..] => Resolve(root, Uri.UnescapeDataString(reference[1..])) is not null,
        ['#', .. var anchor] => HasKeyword(root, "$anchor", anchor),
        _ => HasKeyword(root, "$id", reference),
    };

    private static bool HasKeyword(JsonNode? node, string keyword, string value) => node switch
    {
        JsonObject obj => (obj[keyword] is JsonValue v && v.TryGetValue<string>(out var s) && s == value)
            || obj.Any(p => !HoldsData(p.Key) && HasKeyword(p.Value, keyword, value)),
        JsonArray array => array.Any(child => HasKeyword(child, keyword, value)),
        _ => false,
    };

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

    /// <summary>Validates a state object, given as its JSON; throws SchemaViolationException listing every failing path.</summary>
    internal async Task ValidateAsync(string ns, string schemaId, string stateJson, CancellationToken cancellationToken)
    {
        var compiled = await GetAsync(ns, schemaId, cancellationToken).ConfigureAwait(false);
        using var state = JsonDocument.Parse(stateJson);
        var results = compiled.Schema.Evaluate(state.RootElement, Evaluation);
        if (results.IsValid)
        {
            return;
        }

        var errors = new List<FieldError>();
        foreach (var detail in results.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                AddErrors(compiled.Document, state.RootElement, detail, keyword, message, errors);
            }
        }

        throw new SchemaViolationException(
            $"The state breaks schema '{schemaId}' at {errors.Count} path(s): {string.Join(", ", errors.Select(e => e.Path).Distinct())}.",
            errors);
    }

    private async Task<Compiled> GetAsync(string ns, string schemaId, CancellationToken cancellationToken)
    {
        var stored = await store.GetSchemaAsync(ns, schemaId, cancellationToken).ConfigureAwait(false)
            ?? throw InvalidArgumentException.ForField("stateSchemaId", $"no schema '{schemaId}' is registered in namespace '{ns}'");
        // The text too: a schema deleted and registered again starts from version 1 again.
        if (_compiled.TryGetValue((ns, schemaId), out var cached) && cached.Version == stored.Version && cached.Json == stored.SchemaJson)
        {
            return cached;
        }

        var document = JsonNode.Parse(stored.SchemaJson);
        var compiled = new Compiled(stored.Version, stored.SchemaJson, Compile(stored.SchemaJson), document, Defaults(document));
        _compiled[(ns, schemaId)] = compiled;
        return compiled;
    }

    /// <summary>
    /// The field errors of one failed keyword: a missing required property at its own path (the evaluator reports it at
    /// the object), a property the schema does not allow at its path, any other failure at the value's.
    /// </summary>
    private static void AddErrors(JsonNode? schema, JsonElement state, EvaluationResults detail, string keyword, string message, List<FieldError> into)
    {
        var location = detail.InstanceLocation.ToString();
        if (keyword == "required")
        {
            var missing = MissingRequired(schema, state, detail, location);
            if (missing.Count > 0)
            {
                into.AddRange(missing.Select(name => new FieldError(Path(location) + "." + name, "is required")));
                return;
            }
        }

        var evaluated = detail.EvaluationPath.ToString();
        var description = keyword switch
        {
            "" when evaluated.EndsWith("/additionalProperties", StringComparison.Ordinal) || evaluated.EndsWith("/unevaluatedProperties", StringComparison.Ordinal)
                => "is not allowed by the schema",
            "enum" => "is not one of the allowed values",
            "const" => "is not the allowed value",
            "maximum" or "exclusiveMaximum" => "is above the maximum",
            "minimum" or "exclusiveMinimum" => "is below the minimum",
            "minLength" => "is shorter than the minimum length",
            "maxLength" => "is longer than the maximum length",
            "pattern" => "does not match the pattern",
            "type" when message.Length > 0 => char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.'),
            "" => "is not allowed by the schema",
            _ => $"fails \"{keyword}\": {message.TrimEnd('.')}",
        };
        into.Add(new FieldError(Path(location), description));
    }

    /// <summary>The names a failed <c>required</c> asks for that the object at <paramref name="location"/> lacks.</summary>
    private static List<string> MissingRequired(JsonNode? schema, JsonElement state, EvaluationResults detail, string location)
    {
        var fragment = detail.SchemaLocation.Fragment;
        var subschema = Resolve(schema, fragment.Length > 0 ? Uri.UnescapeDataString(fragment[1..]) : string.Empty);
        var instance = Resolve(state, location);
        if (subschema?["required"] is not JsonArray required || instance is not { ValueKind: JsonValueKind.Object } value)
        {
            return [];
        }

        return required.Select(static name => name?.GetValue<string>()).OfType<string>().Where(name => !value.TryGetProperty(name, out _)).ToList();
    }

    private static JsonNode? Resolve(JsonNode? node, string pointer)
    {
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static JsonElement? Resolve(JsonElement element, string pointer)
    {
        foreach (var token in Tokens(pointer))
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(token, out var property))
            {
                element = property;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return null;
            }
        }

        return element;
    }

    /// <summary>The reference tokens of a JSON pointer, unescaped.</summary>
    private static IEnumerable<string> Tokens(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(static t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    /// <summary>The API's path of a value in the state: <c>/tags/1</c> is <c>state.tags[1]</c>.</summary>
    private static string Path(string pointer)
    {
        var path = new System.Text.StringBuilder("state");
        foreach (var token in Tokens(pointer))
        {
            if (int.TryParse(token, out _))
            {
                path.Append('[').Append(token).Append(']');
            }
            else
            {
                path.Append('.').Append(token);
            }
        }

        return path.ToString();
    }

    private sealed record Compiled(long Version, string Json, JsonSchema Schema, JsonNode? Document, JsonObject Defaults);
}
