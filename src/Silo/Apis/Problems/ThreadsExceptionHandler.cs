using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Hosting;

namespace Threads.Silo.Apis.Problems;

/// <summary>Answers every failure as problem+json with the API's status for its <c>code</c>; a failure that is not the caller's is logged, since a 500 is always a bug.</summary>
internal sealed partial class ThreadsExceptionHandler(
    IProblemDetailsService problems, IOptions<ThreadsRequestLimitsOptions> limits, ILogger<ThreadsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The HTTP layer reaches the store only through grains, whose filter has already typed a store's failure.
        var problem = ProblemOf(exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? TooLarge(httpContext) : exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(httpContext.Request.Method, httpContext.Request.Path, problem.Detail);
        }
        else if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogFailed(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
        return true;
    }

    /// <summary>The server's refusal of a body over the limit, as a 413 naming the limit: the endpoint's own, else the server's.</summary>
    private PayloadTooLargeException TooLarge(HttpContext context) =>
        new(context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<RequestBodyLimit>()?.Detail
            ?? $"The request body is larger than {limits.Value.MaxRequestBodyBytes} bytes (Threads:Limits:MaxRequestBodyBytes); nothing was written.");

    /// <summary>The problem that answers <paramref name="exception"/>: its own status and code for a <see cref="ThreadsException"/>, 503 for a silo out of reach, else 500.</summary>
    public static ProblemDetails ProblemOf(Exception exception)
    {
        switch (exception)
        {
            case LockedException e:
                var locked = ApiProblems.Create(ProblemStatus.Of(e.Code), e.Code, e.Message);
                locked.Extensions[ApiProblems.HolderMember] = e.Holder;
                locked.Extensions[ApiProblems.ExpiresAtMember] = e.ExpiresAt;
                return locked;
            case ThreadsException e:
                return ApiProblems.Create(ProblemStatus.Of(e.Code), e.Code, e.Message, e.Errors);
            case BadHttpRequestException e:
                return ApiProblems.Create(e.StatusCode, ApiProblems.CodeOf(e.StatusCode), e.Message);

            // The thread's silo died or left and the cluster has not yet moved its threads (seconds), or the call took too
            // long: the caller retries, with the same Idempotency-Key if it was a write whose outcome it does not know.
            case OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException:
                return ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The silo that holds this thread cannot be reached now; retry shortly.");
            case TimeoutException:
                return ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The call did not complete in time; retry it (a write with the same Idempotency-Key is applied once).");
            default:
                return ApiProblems.Create(StatusCodes.Status500InternalServerError, ApiProblems.Internal, "An unexpected error occurred; it has been logged.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed.")]
    private partial void LogFailed(Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Detail}")]
    private partial void LogUnavailable(string method, string path, string? detail);
}
