namespace Threads.Grains.Runtime.Internal;

internal enum ActivationState
{
    /// <summary>Created; <c>OnActivateAsync</c> runs in its first turn.</summary>
    Created,

    /// <summary>Activated; serves calls.</summary>
    Active,

    /// <summary>Gone from the table; a caller that still holds it looks the grain up again.</summary>
    Deactivated,
}
