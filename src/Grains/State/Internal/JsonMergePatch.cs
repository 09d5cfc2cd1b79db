using System.Text.Json.Nodes;

namespace Threads.Grains.State.Internal;

/// <summary>RFC 7396 JSON merge patch, and the top-level keys a change touched.</summary>
internal static class JsonMergePatch
{
    /// <summary>The target with the patch applied; neither input is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Apply(result[key], value);
                result.Remove(key);
                result[key] = merged;
            }
        }

        return result;
    }

    /// <summary>The top-level keys that were added, removed or changed between two objects, in order.</summary>
    public static List<string> ChangedKeys(JsonObject before, JsonObject after)
    {
        var changed = new List<string>();
        foreach (var (key, value) in after)
        {
            if (!before.TryGetPropertyValue(key, out var old) || !JsonNode.DeepEquals(old, value))
            {
                changed.Add(key);
            }
        }

        foreach (var (key, _) in before)
        {
            if (!after.ContainsKey(key))
            {
                changed.Add(key);
            }
        }

        changed.Sort(StringComparer.Ordinal);
        return changed;
    }
}
