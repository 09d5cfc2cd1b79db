namespace Threads.Silo.Apis.OpenApi;

/// <summary>The query and header parameters an endpoint reads, for <see cref="ParametersOperationTransformer"/>.</summary>
internal sealed record ApiParametersMetadata(IReadOnlyList<ApiParameter> Parameters);
