namespace Threads.Grains;

/// <summary>A version or expected sequence number no longer holds (412).</summary>
[GenerateSerializer]
[Alias("threads.PreconditionFailedException")]
public sealed class PreconditionFailedException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public PreconditionFailedException(string message)
        : base(ErrorCodes.PreconditionFailed, message)
    {
    }
}
