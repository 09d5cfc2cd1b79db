namespace Threads.Grains.Storage;

/// <summary>A run as stored. Its status is running, completed or failed; interrupted is computed on read from the lease.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="ThreadId">The thread it runs in.</param>
/// <param name="Run">The run; its <see cref="RunInfo.Checkpoints"/> are not stored here.</param>
/// <param name="CheckpointCount">How many checkpoints it has taken.</param>
/// <param name="LeaseSeconds">The lease each checkpoint renews.</param>
public sealed record StoredRun(string Namespace, string ThreadId, RunInfo Run, int CheckpointCount, int LeaseSeconds);
