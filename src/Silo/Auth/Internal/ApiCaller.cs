namespace Threads.Silo.Auth.Internal;

/// <summary>The key a request was made with, without its secret: the index of the key in <c>Threads:Auth:Keys</c> names it.</summary>
internal sealed record ApiCaller(int Index, IReadOnlyList<string> Namespaces, ApiKeyRole Role, string? UserId)
{
    /// <summary>The key of the request in <see cref="HttpContext.Items"/>.</summary>
    public static readonly object ItemKey = new();

    public bool MayUse(string ns) => Namespaces.Contains("*") || Namespaces.Contains(ns);

    public static ApiCaller? Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var caller) ? caller as ApiCaller : null;
}
