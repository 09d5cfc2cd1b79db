using Threads.Grains.Http;
using Threads.Silo.Apis.Problems;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>What an endpoint declares to the OpenAPI document beyond its handler's signature: the parameters it reads by hand and the problems it answers.</summary>
internal static class ApiEndpointConventions
{
    /// <summary>Declares the query and header parameters the handler reads (its path parameters come from the route).</summary>
    public static TBuilder WithParameters<TBuilder>(this TBuilder builder, params ApiParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParametersMetadata(parameters));

    /// <summary>Declares the problem+json answers of these statuses, each with the one problem schema.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Problem), [ApiProblems.ContentType]));
        }

        return builder;
    }

    /// <summary>Declares the headers the answer of <paramref name="status"/> carries.</summary>
    public static TBuilder WithResponseHeaders<TBuilder>(this TBuilder builder, int status, params string[] headers)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResponseHeadersMetadata(status, headers));
}
