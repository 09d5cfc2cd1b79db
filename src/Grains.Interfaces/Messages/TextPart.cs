namespace Threads.Grains;

/// <summary>Text written by a person or a model.</summary>
/// <param name="Text">The text.</param>
[GenerateSerializer]
[Alias("threads.TextPart")]
[Immutable]
public sealed record TextPart([property: Id(0)] string Text) : ContentPart;
