namespace Threads.Grains.Storage;

/// <summary>Whether the storage takes writes now, as <see cref="StorageProbe"/> finds it.</summary>
public enum StorageReadiness
{
    /// <summary>It answers, has room, and commits a small write.</summary>
    Ready,

    /// <summary>It does not answer, failed, or did not take the write in time.</summary>
    Unreachable,

    /// <summary>It has no space left for writes.</summary>
    Full,
}
