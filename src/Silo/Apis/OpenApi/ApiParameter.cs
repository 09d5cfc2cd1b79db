using Microsoft.OpenApi;
using Threads.Grains.Threads;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>
/// One path, query or header parameter as the OpenAPI document declares it. The handlers read the same names, and
/// the schema's bounds come from the constants and limits the silo enforces, so the two cannot drift.
/// </summary>
internal sealed record ApiParameter(string Name, ParameterLocation In, string Description, Func<ThreadLimitsOptions, OpenApiSchema> Schema, bool Required = false)
{
    public OpenApiParameter ToOpenApi(ThreadLimitsOptions limits) => new()
    {
        Name = Name,
        In = In,
        Required = Required || In == ParameterLocation.Path,
        Description = Description,
        Schema = Schema(limits),
    };
}
