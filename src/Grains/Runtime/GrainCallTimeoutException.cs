namespace Threads.Grains.Runtime;

/// <summary>A grain call did not finish within the call timeout; the call may still complete in its turn.</summary>
public sealed class GrainCallTimeoutException : ThreadsException
{
    /// <summary>Creates the error for a grain and the timeout it exceeded.</summary>
    public GrainCallTimeoutException(GrainId grainId, TimeSpan timeout)
        : base(ErrorCodes.Unavailable, $"The call to {grainId} did not finish within {timeout.TotalSeconds:0.###} s.")
    {
    }
}
