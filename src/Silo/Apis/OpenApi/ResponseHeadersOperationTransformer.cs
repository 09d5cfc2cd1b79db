using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Threads.Silo.Apis.Concurrency;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>
/// Declares the headers of an operation's answers: those its endpoint names (<see cref="ResponseHeadersMetadata"/>),
/// and <c>Retry-After</c> on every 429 and 503, which the silo always sends with them.
/// </summary>
internal sealed class ResponseHeadersOperationTransformer : IOpenApiOperationTransformer
{
    public const string Location = "Location";
    public const string ETag = "ETag";
    public const string RetryAfter = "Retry-After";

    private static readonly Dictionary<string, (string Description, JsonSchemaType Type)> Known = new(StringComparer.Ordinal)
    {
        [Location] = ("Where the created object is read: its path under /v1.", JsonSchemaType.String),
        [ETag] = ("The version as a strong ETag, `\"3\"`, for `If-Match`.", JsonSchemaType.String),
        [IdempotentPosts.ReplayedHeaderName] = ("`true` when this answer is the first one to the same request with the same `Idempotency-Key`, replayed.", JsonSchemaType.String),
        [RetryAfter] = ("Seconds to wait before retrying.", JsonSchemaType.Integer),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<ResponseHeadersMetadata>()
            .Append(new ResponseHeadersMetadata(StatusCodes.Status429TooManyRequests, [RetryAfter]))
            .Append(new ResponseHeadersMetadata(StatusCodes.Status503ServiceUnavailable, [RetryAfter]));
        foreach (var (status, headers) in declared)
        {
            if (operation.Responses?.GetValueOrDefault(status.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not OpenApiResponse response)
            {
                continue;
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            foreach (var name in headers)
            {
                var (description, type) = Known[name];
                response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
            }
        }

        return Task.CompletedTask;
    }
}
