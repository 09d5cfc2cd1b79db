namespace Threads.Grains;

/// <summary>A size limit was exceeded (413).</summary>
[GenerateSerializer]
[Alias("threads.PayloadTooLargeException")]
public sealed class PayloadTooLargeException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public PayloadTooLargeException(string message)
        : base(ErrorCodes.PayloadTooLarge, message)
    {
    }
}
