using Threads.Grains;

namespace Threads.Client.Internal;

/// <summary>A problem+json response as the silo writes it.</summary>
internal sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, string? Code, IReadOnlyList<FieldError>? Errors);
