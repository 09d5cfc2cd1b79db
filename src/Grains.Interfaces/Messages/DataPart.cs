namespace Threads.Grains;

/// <summary>Binary data, such as an image, carried inline.</summary>
/// <param name="MediaType">The media type, such as <c>image/png</c>.</param>
/// <param name="Data">The bytes, base64-encoded.</param>
[GenerateSerializer]
[Alias("threads.DataPart")]
[Immutable]
public sealed record DataPart([property: Id(0)] string MediaType, [property: Id(1)] string Data) : ContentPart;
