namespace Threads.Grains;

/// <summary>An object with this id exists already (409).</summary>
[GenerateSerializer]
[Alias("threads.AlreadyExistsException")]
public sealed class AlreadyExistsException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public AlreadyExistsException(string message)
        : base(ErrorCodes.AlreadyExists, message)
    {
    }
}
