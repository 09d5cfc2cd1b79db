namespace Threads.Grains;

/// <summary>The request conflicts with the current state (409).</summary>
[GenerateSerializer]
[Alias("threads.ConflictException")]
public sealed class ConflictException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public ConflictException(string message)
        : base(ErrorCodes.Conflict, message)
    {
    }
}
