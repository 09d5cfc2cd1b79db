using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Threads.Grains.Threads;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>
/// Declares an operation's parameters: those of its route (with their patterns and bounds), those its handler reads by
/// hand (<see cref="ApiParametersMetadata"/>), and <c>Lock-Token</c> on every <c>/v1</c> operation, since every one reads it.
/// </summary>
internal sealed partial class ParametersOperationTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, ApiParameter> RouteParameters = new ApiParameter[]
    {
        ApiParameters.Namespace, ApiParameters.ThreadId, ApiParameters.ResourceId, ApiParameters.RunId, ApiParameters.SchemaId, ApiParameters.Filename,
    }.ToDictionary(static p => p.Name, StringComparer.Ordinal);

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var limits = context.ApplicationServices.GetRequiredService<IOptions<ThreadLimitsOptions>>().Value;
        var route = context.Description.RelativePath ?? string.Empty;
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiParametersMetadata>().SelectMany(static m => m.Parameters).ToList();
        var generated = (operation.Parameters ?? []).Where(static p => p.In == ParameterLocation.Path).ToDictionary(static p => p.Name!, StringComparer.Ordinal);

        // A route parameter without a declaration keeps the generator's (a string); a test requires every one declared.
        var path = RouteParameter().Matches(route).Select(m => RouteParameters.TryGetValue(m.Groups[1].Value, out var p)
            ? p.ToOpenApi(limits)
            : generated[m.Groups[1].Value]);
        var headers = declared.Where(static p => p.In == ParameterLocation.Header).ToList();
        if (route.StartsWith("v1/", StringComparison.Ordinal) && !headers.Exists(static p => p.Name == ApiParameters.LockToken.Name))
        {
            headers.Add(ApiParameters.LockToken);
        }

        operation.Parameters =
        [
            .. path.Concat(declared.Where(static p => p.In == ParameterLocation.Query).Concat(headers).Select(p => (IOpenApiParameter)p.ToOpenApi(limits))),
        ];
        return Task.CompletedTask;
    }

    [GeneratedRegex("{([A-Za-z]+)}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();
}
