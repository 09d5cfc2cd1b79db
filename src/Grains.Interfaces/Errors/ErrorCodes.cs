namespace Threads.Grains;

/// <summary>The problem <c>code</c> values of the API, one per kind of failure.</summary>
public static class ErrorCodes
{
    /// <summary>400: the request is malformed or a field is invalid.</summary>
    public const string InvalidArgument = "invalid_argument";

    /// <summary>401: no key, or an unknown one.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>403: the key lacks the namespace or the role.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>404: no such object (or not visible to the caller).</summary>
    public const string NotFound = "not_found";

    /// <summary>409: an object with this id exists already.</summary>
    public const string AlreadyExists = "already_exists";

    /// <summary>409: the request conflicts with the current state (for example an idempotency key reused with another body).</summary>
    public const string Conflict = "conflict";

    /// <summary>412: a precondition (version, expected sequence number) no longer holds.</summary>
    public const string PreconditionFailed = "precondition_failed";

    /// <summary>413: a size limit was exceeded.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>422: the value does not satisfy its schema.</summary>
    public const string SchemaViolation = "schema_violation";

    /// <summary>423: the thread is locked by another holder.</summary>
    public const string Locked = "locked";

    /// <summary>429: too many requests.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>503: the service (a silo, or the storage) could not answer now; retry later.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>507: the storage has no space left; nothing was written.</summary>
    public const string StorageFull = "storage_full";
}
