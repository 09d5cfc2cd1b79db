using Microsoft.Extensions.Options;
using Threads.Grains;

namespace Threads.Silo.Hosting.Internal;

/// <summary>Turns the server's "request body too large" into a 413 that names the setting to change.</summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ThreadsRequestLimitsOptions> limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException(
                $"The request body is larger than {limits.Value.MaxRequestBodyBytes} bytes (Threads:Limits:MaxRequestBodyBytes); nothing was written.");
        }
    }
}
