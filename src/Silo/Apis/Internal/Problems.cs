using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Orleans.Runtime.Messaging;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Grains.Serialization;

namespace Threads.Silo.Apis.Internal;

/// <summary>Turns failures into problem+json responses with the API's status for each <c>code</c>.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    // A problem's detail quotes what the caller sent ('title', "a phrase"): written as is rather than as \u0027, which
    // the default encoder uses in case JSON is pasted into HTML. problem+json is never served as a page, and the
    // relaxed encoder still escapes what JSON requires (quotes, backslashes, control characters).
    private static readonly JsonTypeInfo<Problem> ProblemJson = (JsonTypeInfo<Problem>)new JsonSerializerOptions(ThreadsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(Problem));

    /// <summary>The code of an unexpected failure: always a bug.</summary>
    public const string Internal = "internal";

    /// <summary>The code of a route that exists, asked with another method.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>The code of a body whose declared media type the route does not take.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>Every code a problem may carry: the contract's, then the silo's own.</summary>
    public static IReadOnlyList<string> Codes { get; } =
    [
        ErrorCodes.InvalidArgument, ErrorCodes.Unauthorized, ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.AlreadyExists,
        ErrorCodes.Conflict, ErrorCodes.PreconditionFailed, ErrorCodes.PayloadTooLarge, ErrorCodes.SchemaViolation, ErrorCodes.Locked,
        ErrorCodes.RateLimited, ErrorCodes.Unavailable, ErrorCodes.StorageFull, MethodNotAllowed, UnsupportedMediaType, Internal,
    ];

    public static int StatusOf(string code) => ProblemStatus.Of(code);

    /// <summary>The code for a bare status, as routing answers it (no such route, wrong method).</summary>
    public static string CodeOf(int status) => ProblemStatus.CodeOf(status) ?? status switch
    {
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        _ => status >= 500 ? Internal : ErrorCodes.InvalidArgument,
    };

    public static Problem From(Exception exception) => exception switch
    {
        LockedException e => Create(StatusOf(e.Code), e.Code, e.Message) with { Holder = e.Holder, ExpiresAt = e.ExpiresAt },
        ThreadsException e => Create(StatusOf(e.Code), e.Code, e.Message, e.Errors),
        BadHttpRequestException e => Create(e.StatusCode, CodeOf(e.StatusCode), e.Message),

        // The thread's silo died or left and the cluster has not yet moved its threads (seconds), or the call took too
        // long: the caller retries, with the same Idempotency-Key if it was a write whose outcome it does not know.
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException =>
            Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The silo that holds this thread cannot be reached now; retry shortly."),
        TimeoutException =>
            Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The call did not complete in time; retry it (a write with the same Idempotency-Key is applied once)."),
        _ => Create(StatusCodes.Status500InternalServerError, Internal, "An unexpected error occurred; it has been logged."),
    };

    public static Problem Create(int status, string code, string detail, IReadOnlyList<FieldError>? errors = null) =>
        new("about:blank", ReasonPhrases.GetReasonPhrase(status), status, detail, code, errors is { Count: > 0 } ? errors : null);

    public static async Task WriteAsync(HttpResponse response, Problem problem)
    {
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        if (problem.Code == ErrorCodes.Unavailable)
        {
            response.Headers.RetryAfter = "1";
        }

        await JsonSerializer.SerializeAsync(response.Body, problem, ProblemJson, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
