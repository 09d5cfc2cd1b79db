namespace Threads.Grains;

/// <summary>
/// The one place where a grain's Orleans key (<c>"{namespace}/{id}"</c>) is built and read. Namespaces cannot hold a
/// <c>/</c>, so the first one splits the key; ids are checked here, so a grain trusts the key it was activated with.
/// </summary>
public static class GrainKeys
{
    /// <summary>The key of the grain <paramref name="id"/> in namespace <paramref name="ns"/>, after checking both.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or id is not a valid identifier.</exception>
    public static string Of(string ns, string id, bool allowAllResources = false)
    {
        Identifiers.RequireNamespace(ns);
        if (!(allowAllResources && id == IResourceIndexGrain.AllResources))
        {
            Identifiers.RequireId(id, "id");
        }

        return string.Concat(ns, "/", id);
    }

    /// <summary>The key of a grain of the whole namespace <paramref name="ns"/> (the namespace itself), after checking it.</summary>
    /// <exception cref="InvalidArgumentException">The namespace is not a valid identifier.</exception>
    public static string OfNamespace(string ns) => Identifiers.RequireNamespace(ns);

    /// <summary>
    /// The key of the grain of idempotency key <paramref name="key"/> (as kept: scoped to a user or not) in namespace
    /// <paramref name="ns"/>, after checking the namespace; the key is checked where it is read from the request.
    /// </summary>
    /// <exception cref="InvalidArgumentException">The namespace is not a valid identifier.</exception>
    public static string OfIdempotencyKey(string ns, string key) => string.Concat(OfNamespace(ns), "/", key);

    /// <summary>The namespace and id (or idempotency key) of a key made by <see cref="Of"/> or <see cref="OfIdempotencyKey"/>.</summary>
    public static (string Namespace, string Id) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"'{key}' is not a Threads grain key.", nameof(key));
    }
}
