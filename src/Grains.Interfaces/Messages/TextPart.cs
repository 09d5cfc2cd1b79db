namespace Threads.Grains;

/// <summary>Text written by a person or a model.</summary>
/// <param name="Text">The text.</param>
public sealed record TextPart(string Text) : ContentPart;
