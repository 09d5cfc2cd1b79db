namespace Threads.Grains;

/// <summary>A file with its bytes.</summary>
/// <param name="Info">What it is.</param>
/// <param name="Content">Its bytes.</param>
[GenerateSerializer]
[Alias("threads.ThreadFile")]
public sealed record ThreadFile([property: Id(0)] ThreadFileInfo Info, [property: Id(1)] byte[] Content);
