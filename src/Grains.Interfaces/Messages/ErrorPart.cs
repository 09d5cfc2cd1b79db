namespace Threads.Grains;

/// <summary>An error that happened while producing the message.</summary>
/// <param name="Message">What went wrong.</param>
[GenerateSerializer]
[Alias("threads.ErrorPart")]
[Immutable]
public sealed record ErrorPart([property: Id(0)] string Message) : ContentPart;
