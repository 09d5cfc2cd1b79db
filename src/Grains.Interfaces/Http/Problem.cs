namespace Threads.Grains.Http;

/// <summary>
/// An RFC 9457 problem as the API writes it: the status, a <c>code</c> and the failing fields; a 423 also names the
/// lock's holder and when it lapses (<c>expiresAt</c>), as extension members. A reader takes any member as possibly
/// absent: a proxy's error page is not the silo's.
/// </summary>
/// <param name="Type">Always <c>about:blank</c>: the <c>code</c> says what failed.</param>
/// <param name="Title">The status's reason phrase.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What failed, for a person.</param>
/// <param name="Code">One of <see cref="ErrorCodes"/>, or a code of the silo's own for a route or method that does not exist.</param>
/// <param name="Errors">The failing fields, if any.</param>
/// <param name="Holder">A 423's lock holder.</param>
/// <param name="ExpiresAt">When a 423's lock lapses.</param>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    IReadOnlyList<FieldError>? Errors = null,
    string? Holder = null,
    DateTimeOffset? ExpiresAt = null);
