using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Threads.TestingHost.Internal;

/// <summary>
/// A fatal error of one in-process test silo (most often: the cluster declared it dead, as a silo starved of CPU can
/// be) stops that silo's host instead of Orleans' default, which ends the whole process and every test in it.
/// </summary>
internal sealed partial class TestSiloFatalErrors(ILogger<TestSiloFatalErrors> logger) : IFatalErrorHandler
{
    private IHost? _host;
    private Task? _stopping;
    private int _failed;

    /// <summary>The stop that a fatal error began, if one did: stopping the silo awaits it first.</summary>
    public Task Stopping => Volatile.Read(ref _stopping) ?? Task.CompletedTask;

    /// <summary>Names the host to stop; set once the silo's host is built.</summary>
    public void Attach(IHost host) => _host = host;

    /// <inheritdoc/>
    public bool IsUnexpected(Exception exception) => exception is not ThreadAbortException;

    /// <inheritdoc/>
    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        LogFatalError(exception, sender, context);
        if (_host is { } host && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            // Not on this thread: the membership code that reports the error is among what the stop waits for.
            Volatile.Write(ref _stopping, Task.Run(() => host.StopAsync()));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Fatal error from {Sender}: {Context}. This test silo stops; the process and the other silos go on.")]
    private partial void LogFatalError(Exception? exception, object? sender, string? context);
}
