namespace Threads.Grains.Http;

/// <summary>The HTTP status of each <see cref="ErrorCodes"/> value, and back: the one map the silo writes and the client reads by.</summary>
public static class ProblemStatus
{
    /// <summary>The status a problem with <paramref name="code"/> is answered with; 500 for a code the contract does not have.</summary>
    public static int Of(string code) => code switch
    {
        ErrorCodes.InvalidArgument => 400,
        ErrorCodes.Unauthorized => 401,
        ErrorCodes.Forbidden => 403,
        ErrorCodes.NotFound => 404,
        ErrorCodes.AlreadyExists or ErrorCodes.Conflict => 409,
        ErrorCodes.PreconditionFailed => 412,
        ErrorCodes.PayloadTooLarge => 413,
        ErrorCodes.SchemaViolation => 422,
        ErrorCodes.Locked => 423,
        ErrorCodes.RateLimited => 429,
        ErrorCodes.Unavailable => 503,
        ErrorCodes.StorageFull => 507,
        _ => 500,
    };

    /// <summary>The contract's code for a bare <paramref name="status"/> (409 reads as <see cref="ErrorCodes.Conflict"/>), or <see langword="null"/> when the contract has none.</summary>
    public static string? CodeOf(int status) => status switch
    {
        400 => ErrorCodes.InvalidArgument,
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        409 => ErrorCodes.Conflict,
        412 => ErrorCodes.PreconditionFailed,
        413 => ErrorCodes.PayloadTooLarge,
        422 => ErrorCodes.SchemaViolation,
        423 => ErrorCodes.Locked,
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.Unavailable,
        507 => ErrorCodes.StorageFull,
        _ => null,
    };
}
