using System.Text.Json;
using Threads.Grains;

namespace Threads.Silo.Apis.Bodies;

/// <summary>
/// Reads the body of <c>PATCH /threads/{id}</c>. Unlike the other bodies it tells an absent field from a <c>null</c> one:
/// <c>"title": null</c> removes the title, which <see cref="UpdateThreadRequest"/> spells as the empty string.
/// </summary>
internal static class ThreadPatch
{
    public static UpdateThreadRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw InvalidArgumentException.ForField("$", "the body must be a JSON object");
        }

        var request = new UpdateThreadRequest();
        foreach (var property in body.EnumerateObject())
        {
            request = property.Name switch
            {
                "title" => request with { Title = RemovableString(property) },
                "resourceId" => request with { ResourceId = RemovableString(property) },
                "hidden" => request with { Hidden = Bool(property) },
                "archived" => request with { Archived = Bool(property) },
                "metadata" => request with { Metadata = Metadata(property) },
                _ => throw InvalidArgumentException.ForField(property.Name, "is not a known field"),
            };
        }

        return request;
    }

    private static string RemovableString(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.Null => string.Empty,
        JsonValueKind.String => property.Value.GetString()!,
        _ => throw InvalidArgumentException.ForField(property.Name, "must be a string, or null to remove it"),
    };

    private static bool Bool(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw InvalidArgumentException.ForField(property.Name, "must be true or false"),
    };

    private static Dictionary<string, string?>? Metadata(JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (property.Value.ValueKind != JsonValueKind.Object)
        {
            throw InvalidArgumentException.ForField(property.Name, "must be an object of strings");
        }

        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in property.Value.EnumerateObject())
        {
            changes[entry.Name] = entry.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => entry.Value.GetString(),
                _ => throw InvalidArgumentException.ForField($"metadata.{entry.Name}", "must be a string, or null to remove the key"),
            };
        }

        return changes;
    }
}
