namespace Threads.Silo.Apis.OpenApi;

/// <summary>The headers an endpoint's answer of <paramref name="Status"/> carries, for <see cref="ResponseHeadersOperationTransformer"/>.</summary>
internal sealed record ResponseHeadersMetadata(int Status, IReadOnlyList<string> Headers);
