namespace Threads.Grains;

/// <summary>A file with its bytes.</summary>
/// <param name="Info">What it is.</param>
/// <param name="Content">Its bytes.</param>
public sealed record ThreadFile(ThreadFileInfo Info, byte[] Content);
