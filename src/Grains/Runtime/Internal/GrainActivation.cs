namespace Threads.Grains.Runtime.Internal;

/// <summary>One live grain in memory: its instance, its turn lock and when it was last used.</summary>
internal sealed class GrainActivation(GrainId id, Grain grain, long now)
{
    private long _lastUsed = now;

    public GrainId Id { get; } = id;

    public Grain Grain { get; } = grain;

    /// <summary>Held for the whole of a turn, across its awaits: the grain's one-call-at-a-time guarantee.</summary>
    public SemaphoreSlim TurnLock { get; } = new(1, 1);

    /// <summary>Read and written only while holding <see cref="TurnLock"/>.</summary>
    public ActivationState State { get; set; }

    public long LastUsed => Volatile.Read(ref _lastUsed);

    public void Touch(long now) => Volatile.Write(ref _lastUsed, now);
}
