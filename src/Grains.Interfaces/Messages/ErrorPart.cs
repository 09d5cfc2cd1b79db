namespace Threads.Grains;

/// <summary>An error that happened while producing the message.</summary>
/// <param name="Message">What went wrong.</param>
public sealed record ErrorPart(string Message) : ContentPart;
