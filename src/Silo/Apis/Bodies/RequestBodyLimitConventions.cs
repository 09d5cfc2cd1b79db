using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Silo.Hosting;

namespace Threads.Silo.Apis.Bodies;

/// <summary>Declares an endpoint's own request body limit, bound from the options that configure it.</summary>
internal static class RequestBodyLimitConventions
{
    /// <summary>Limits the endpoint's body to what <paramref name="bytes"/> reads from <typeparamref name="TOptions"/>; a longer body is 413 naming <paramref name="setting"/>.</summary>
    public static RouteHandlerBuilder WithRequestBodyLimit<TOptions>(
        this RouteHandlerBuilder builder, IEndpointRouteBuilder routes, Func<TOptions, long> bytes, string subject, string setting)
        where TOptions : class
    {
        var services = routes.ServiceProvider;
        var limit = new RequestBodyLimit(new Lazy<long>(() => bytes(services.GetRequiredService<IOptions<TOptions>>().Value)), subject, setting);

        return builder.WithMetadata(limit).AddEndpointFilter((context, next) =>
        {
            if (context.HttpContext.Request.ContentLength > limit.MaxRequestBodySize)
            {
                RefuseDeclaredLength(context.HttpContext, services);
                throw new PayloadTooLargeException(limit.Detail);
            }

            return next(context);
        });
    }

    // A declared length over the limit is refused before any of the body is read. The server then drains the body under
    // the request's limit, and would close the connection under a client still sending (a broken pipe instead of the
    // 413) if that were still the endpoint's: it drains under the server's own limit, as for any unread body.
    private static void RefuseDeclaredLength(HttpContext context, IServiceProvider services)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = services.GetRequiredService<IOptions<ThreadsRequestLimitsOptions>>().Value.MaxRequestBodyBytes;
        }
    }
}
