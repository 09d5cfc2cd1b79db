namespace Threads.Silo.Apis.Bodies;

/// <summary>A page of the namespaces that hold threads, in order: <c>{namespaces, nextCursor?}</c>.</summary>
internal sealed record NamespacePage(IReadOnlyList<string> Namespaces, string? NextCursor);
