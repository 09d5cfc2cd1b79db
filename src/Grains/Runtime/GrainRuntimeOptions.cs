namespace Threads.Grains.Runtime;

/// <summary>How the grain runtime keeps activations and bounds calls.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>An activation unused for this long is deactivated.</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most live activations; past it the least recently used are deactivated.</summary>
    /// <value>The default is 100,000.</value>
    public int MaxActivations { get; set; } = 100_000;

    /// <summary>A call that has not finished (waiting for its turn included) after this long fails with <see cref="GrainCallTimeoutException"/>; at most one day.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (IdleTimeout <= TimeSpan.Zero || CollectionInterval <= TimeSpan.Zero || CallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), "IdleTimeout, CollectionInterval and CallTimeout must be positive.");
        }

        if (CallTimeout > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(CallTimeout), "CallTimeout must be at most one day.");
        }

        if (MaxActivations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxActivations), "MaxActivations must be at least 1.");
        }
    }
}
