using Threads.Grains;

namespace Threads.Silo.Apis.Internal;

/// <summary>An RFC 9457 problem as the API writes it: the status, a <c>code</c> from <see cref="ErrorCodes"/> and the failing fields.</summary>
internal sealed record Problem(string Type, string Title, int Status, string Detail, string Code, IReadOnlyList<FieldError>? Errors = null);
