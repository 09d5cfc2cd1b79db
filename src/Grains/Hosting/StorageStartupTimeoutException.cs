namespace Threads.Grains.Hosting;

/// <summary>A database the silo needs did not answer within <c>Threads:Storage:StartupTimeout</c>: the silo gives up starting.</summary>
public sealed class StorageStartupTimeoutException : TimeoutException
{
    /// <summary>Creates the error.</summary>
    public StorageStartupTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
