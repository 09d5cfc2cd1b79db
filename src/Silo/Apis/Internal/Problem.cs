using Threads.Grains;

namespace Threads.Silo.Apis.Internal;

/// <summary>
/// An RFC 9457 problem as the API writes it: the status, a <c>code</c> and the failing
/// fields; a 423 also names the lock's holder and when it lapses (<c>expiresAt</c>), as extension members.
/// </summary>
internal sealed record Problem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    IReadOnlyList<FieldError>? Errors = null,
    string? Holder = null,
    DateTimeOffset? ExpiresAt = null);
