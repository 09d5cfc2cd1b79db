using Microsoft.AspNetCore.OpenApi;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>The transformers that make the generated document the contract's.</summary>
internal static class ThreadsOpenApiOptions
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer<ContractSchemaTransformer>();
        options.AddOperationTransformer<ParametersOperationTransformer>();
        options.AddOperationTransformer<ResponseHeadersOperationTransformer>();
        options.AddDocumentTransformer<ContractDocumentTransformer>();
    }
}
