namespace Threads.Grains.Storage;

/// <summary>One checkpoint of a run as stored.</summary>
/// <param name="Number">1, 2, 3… within the run.</param>
/// <param name="Checkpoint">What it recorded.</param>
public sealed record StoredCheckpoint(int Number, CheckpointInfo Checkpoint);
