namespace Threads.Grains;

/// <summary>Binary data, such as an image, carried inline.</summary>
/// <param name="MediaType">The media type, such as <c>image/png</c>.</param>
/// <param name="Data">The bytes, base64-encoded.</param>
public sealed record DataPart(string MediaType, string Data) : ContentPart;
