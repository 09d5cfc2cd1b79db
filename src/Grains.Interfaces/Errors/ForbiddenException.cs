namespace Threads.Grains;

/// <summary>The caller may not do this: its key lacks the namespace or the role, or it acts for another user (403).</summary>
[GenerateSerializer]
[Alias("threads.ForbiddenException")]
public sealed class ForbiddenException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public ForbiddenException(string message)
        : base(ErrorCodes.Forbidden, message)
    {
    }
}
