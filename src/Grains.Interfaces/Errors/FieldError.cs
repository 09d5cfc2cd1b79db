namespace Threads.Grains;

/// <summary>One failing field of a rejected request.</summary>
/// <param name="Path">The field, as a JSON path such as <c>messages[2].role</c>.</param>
/// <param name="Message">What is wrong with it.</param>
[GenerateSerializer]
[Alias("threads.FieldError")]
[Immutable]
public sealed record FieldError([property: Id(0)] string Path, [property: Id(1)] string Message);
