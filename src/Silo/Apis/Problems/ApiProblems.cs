using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Threads.Grains;
using Threads.Grains.Http;

namespace Threads.Silo.Apis.Problems;

/// <summary>The silo's problem codes beside the contract's, and the members a problem carries beyond RFC 9457's own.</summary>
internal static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>Every problem's <c>type</c>: the <c>code</c> says what failed.</summary>
    public const string Type = "about:blank";

    /// <summary>The extension member naming the failure, one of <see cref="Codes"/>.</summary>
    public const string CodeMember = "code";

    /// <summary>The extension member listing the failing fields.</summary>
    public const string ErrorsMember = "errors";

    /// <summary>The extension member naming a 423's lock holder.</summary>
    public const string HolderMember = "holder";

    /// <summary>The extension member saying when a 423's lock lapses.</summary>
    public const string ExpiresAtMember = "expiresAt";

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

    /// <summary>The code for a bare status, as routing answers it (no such route, wrong method).</summary>
    public static string CodeOf(int status) => ProblemStatus.CodeOf(status) ?? status switch
    {
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        _ => status >= 500 ? Internal : ErrorCodes.InvalidArgument,
    };

    /// <summary>A problem of <paramref name="status"/> with its <paramref name="code"/>, and the failing fields if there are any.</summary>
    public static ProblemDetails Create(int status, string code, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        var problem = new ProblemDetails { Type = Type, Title = ReasonPhrases.GetReasonPhrase(status), Status = status, Detail = detail };
        problem.Extensions[CodeMember] = code;
        if (errors is { Count: > 0 })
        {
            problem.Extensions[ErrorsMember] = errors;
        }

        return problem;
    }

    /// <summary>Writes <paramref name="problem"/> as the response, through the registered problem writer.</summary>
    public static ValueTask WriteAsync(HttpContext context, ProblemDetails problem) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
}
