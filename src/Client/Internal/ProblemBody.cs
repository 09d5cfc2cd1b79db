using Threads.Grains;

namespace Threads.Client.Internal;

/// <summary>A problem+json response as the silo writes it; a 423 also names the lock's holder and when it lapses.</summary>
internal sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, string? Code, IReadOnlyList<FieldError>? Errors, string? Holder = null, DateTimeOffset? ExpiresAt = null);
