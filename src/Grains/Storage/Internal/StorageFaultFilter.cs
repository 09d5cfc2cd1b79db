using Microsoft.Extensions.Logging;

namespace Threads.Grains.Storage.Internal;

/// <summary>
/// Turns a store's failure that a grain call did not handle into the typed error its store classifies it as
/// (<see cref="StorageFaults"/>), before it leaves the silo: callers on any silo, cluster clients and the HTTP layer
/// get <see cref="StorageUnavailableException"/> or <see cref="StorageFullException"/>, never the driver's exception.
/// The grain's own state is whatever it kept: grains change their cached header and tail only after a write succeeded.
/// </summary>
internal sealed partial class StorageFaultFilter(IThreadStore store, ILogger<StorageFaultFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (StorageFaults.ToException(StorageFaults.Classify(store, exception)) is { } typed)
        {
            LogStorageFault(context.InterfaceMethod?.Name ?? "?", typed.Code, exception.GetType().Name, exception.Message);
            throw typed;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} answered {Code}: the storage failed with {ExceptionType}: {Reason}")]
    private partial void LogStorageFault(string method, string code, string exceptionType, string reason);
}
