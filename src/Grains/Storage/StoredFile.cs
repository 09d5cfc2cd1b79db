namespace Threads.Grains.Storage;

/// <summary>A thread's file as stored: its description and its bytes, in the database beside the thread.</summary>
/// <param name="Info">What it is.</param>
/// <param name="Content">Its bytes.</param>
public sealed record StoredFile(ThreadFileInfo Info, byte[] Content);
