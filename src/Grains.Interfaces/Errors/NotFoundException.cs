namespace Threads.Grains;

/// <summary>The object does not exist, or is not visible to the caller (404).</summary>
[GenerateSerializer]
[Alias("threads.NotFoundException")]
public sealed class NotFoundException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public NotFoundException(string message)
        : base(ErrorCodes.NotFound, message)
    {
    }
}
