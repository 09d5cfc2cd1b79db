namespace Threads.Grains.Storage;

/// <summary>The clock as the stores keep it.</summary>
internal static class StoredTime
{
    /// <summary>
    /// <paramref name="time"/>'s UTC now truncated to milliseconds: stored and served with millisecond precision, so
    /// what is read back equals what was written.
    /// </summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
